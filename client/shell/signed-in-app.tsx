import { lazy, Suspense } from 'react';
import { useResumeUploads } from '../attachments/use-resume-uploads.ts';
import type { SignedInUser } from '../auth/signed-in-user.ts';
import { ConversationPage } from '../chat/conversation-page.tsx';
import { HomePage } from '../chat/home-page.tsx';
import type { AppRoute } from '../routing/paths.ts';
import { ConversationsProvider } from '../sidebar/conversations-context.tsx';
import { ReplicacheProvider } from '../sync/replicache-context.tsx';
import { AppShell } from './app-shell.tsx';

// Loaded when first opened (precached, so offline too): not part of the first paint.
const SettingsPage = lazy(() =>
  import('../settings/settings-page.tsx').then((module) => ({ default: module.SettingsPage })),
);

export type SignedInAppProps = {
  user: SignedInUser;
  route: Exclude<AppRoute, { page: 'login' }>;
  onUnauthorized: () => Promise<void>;
};

/** The app for a signed-in user, over that user's own Replicache, showing the page `route` names. */
export function SignedInApp({ user, route, onUnauthorized }: SignedInAppProps) {
  useResumeUploads();
  return (
    <ReplicacheProvider key={user.id} userId={user.id} onUnauthorized={onUnauthorized}>
      <ConversationsProvider>
        <AppShell>
          <Suspense fallback={<div className="chat" aria-busy="true" />}>
            <Page route={route} />
          </Suspense>
        </AppShell>
      </ConversationsProvider>
    </ReplicacheProvider>
  );
}

function Page({ route }: { route: SignedInAppProps['route'] }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'settings':
      return <SettingsPage />;
    case 'conversation':
      // A new key per conversation resets the composer and the scroll position.
      return <ConversationPage key={route.conversationId} conversationId={route.conversationId} />;
  }
}
