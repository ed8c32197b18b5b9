import { type ReactNode, Suspense } from 'react';
import { useResumeUploads } from '../attachments/use-resume-uploads.ts';
import type { SignedInUser } from '../auth/signed-in-user.ts';
import { ConversationsProvider } from '../sidebar/conversations-context.tsx';
import { ReplicacheProvider } from '../sync/replicache-context.tsx';
import { AppShell } from './app-shell.tsx';

// The pages that travel in this chunk; routes/signed-in-pages.tsx shows them.
export { ConversationPage } from '../chat/conversation-page.tsx';
export { HomePage } from '../chat/home-page.tsx';

export type SignedInAppProps = {
  user: SignedInUser;
  onUnauthorized: () => Promise<void>;
  /** The page its address names. */
  children: ReactNode;
};

/** The app for a signed-in user, over that user's own Replicache, around the open page. */
export function SignedInApp({ user, onUnauthorized, children }: SignedInAppProps) {
  useResumeUploads();
  return (
    <ReplicacheProvider key={user.id} userId={user.id} onUnauthorized={onUnauthorized}>
      <ConversationsProvider>
        <AppShell>
          <Suspense fallback={<div className="chat" aria-busy="true" />}>{children}</Suspense>
        </AppShell>
      </ConversationsProvider>
    </ReplicacheProvider>
  );
}
