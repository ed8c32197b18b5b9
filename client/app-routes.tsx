import { LoginRoute } from './auth/login-route.tsx';
import { useSession } from './auth/use-session.ts';
import { Navigate } from './routing/link.tsx';
import { useAppLocation } from './routing/location.ts';
import { matchRoute } from './routing/paths.ts';
import { useSignedInApp } from './shell/load-signed-in-app.ts';
import { NotFoundPage } from './shell/not-found-page.tsx';
import type { SignedInAppProps } from './shell/signed-in-app.tsx';
import { Splash } from './shell/splash.tsx';

/** Picks the page for the address: sign-in, one of the signed-in pages, or not found. */
export function AppRoutes() {
  const session = useSession();
  const { pathname } = useAppLocation();
  const route = matchRoute(pathname);
  if (!route) return <NotFoundPage />;
  if (route.page === 'login') return <LoginRoute />;
  if (session.status !== 'signed-in') return <Navigate to="/login" />;
  return <SignedInRoute user={session.user} route={route} onUnauthorized={session.recheck} />;
}

/** The signed-in app, once its chunk has loaded (see `load-signed-in-app.ts`). */
function SignedInRoute(props: SignedInAppProps) {
  const app = useSignedInApp();
  if (app.status === 'loading') return <Splash />;
  if (app.status === 'failed') {
    return (
      <main className="login">
        <div className="login-card empty-state" role="alert">
          <h1>Parley could not load</h1>
          <p>Part of the app did not download. Check your connection, then reload the page.</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
  const { SignedInApp } = app.module;
  return <SignedInApp {...props} />;
}
