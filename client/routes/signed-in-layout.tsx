import { Navigate, Outlet } from '@tanstack/react-router';
import type { SignedInUser } from '../auth/signed-in-user.ts';
import { useSession } from '../auth/use-session.ts';
import { useSignedInApp } from '../shell/load-signed-in-app.ts';
import { Splash } from '../shell/splash.tsx';

/**
 * Every signed-in page: sends someone signed out to `/login`, shows the splash until the
 * signed-in app's chunk is there (see `load-signed-in-app.ts`), then the page in the app's frame.
 */
export function SignedInLayout() {
  const session = useSession();
  if (session.status !== 'signed-in') return <Navigate to="/login" replace />;
  return <SignedInFrame user={session.user} onUnauthorized={session.recheck} />;
}

/**
 * A component of its own so that only someone signed in loads the chunk: a first visit to `/`
 * goes on to the sign-in page without evaluating it (a long task while the page is in use).
 */
function SignedInFrame({
  user,
  onUnauthorized,
}: {
  user: SignedInUser;
  onUnauthorized: () => Promise<void>;
}) {
  const app = useSignedInApp();
  if (app.status === 'loading') return <Splash />;
  if (app.status === 'failed') return <ChunkFailed />;
  const { SignedInApp } = app.module;
  return (
    <SignedInApp user={user} onUnauthorized={onUnauthorized}>
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
