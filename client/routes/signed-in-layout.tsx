import { Navigate, Outlet } from '@tanstack/react-router';
import { useSession } from '../auth/use-session.ts';
import { useSignedInApp } from '../shell/load-signed-in-app.ts';
import { Splash } from '../shell/splash.tsx';

/**
 * Every signed-in page: sends someone signed out to `/login`, shows the splash until the
 * signed-in app's chunk is there (see `load-signed-in-app.ts`), then the page in the app's frame.
 */
export function SignedInLayout() {
  const session = useSession();
  const app = useSignedInApp();
  if (session.status !== 'signed-in') return <Navigate to="/login" replace />;
  if (app.status === 'loading') return <Splash />;
  if (app.status === 'failed') return <ChunkFailed />;
  const { SignedInApp } = app.module;
  return (
    <SignedInApp user={session.user} onUnauthorized={session.recheck}>
      <Outlet />
    </SignedInApp>
  );
}

function ChunkFailed() {
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
