import { Navigate, Outlet } from '@tanstack/react-router';
import { useSession } from '../auth/use-session.ts';
import { ConversationsProvider } from '../sidebar/conversations-context.tsx';
import { ReplicacheProvider } from '../sync/replicache-context.tsx';
import { AppShell } from './app-shell.tsx';

/** The app for a signed-in user, over that user's own Replicache; `/login` for anyone else. */
export function SignedInApp() {
  const session = useSession();
  if (session.status !== 'signed-in') return <Navigate to="/login" replace />;
  return (
    <ReplicacheProvider
      key={session.user.id}
      userId={session.user.id}
      onUnauthorized={session.recheck}
    >
      <ConversationsProvider>
        <AppShell>
          <Outlet />
        </AppShell>
      </ConversationsProvider>
    </ReplicacheProvider>
  );
}
