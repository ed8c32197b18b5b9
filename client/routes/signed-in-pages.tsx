import { useParams } from '@tanstack/react-router';
import { useSignedInApp } from '../shell/load-signed-in-app.ts';

// The pages that come with the signed-in app's chunk. They render inside `SignedInLayout`,
// which shows them only once that chunk has loaded, so the module is there on first render.

/** `/`: a new chat. */
export function HomeRoute() {
  const app = useSignedInApp();
  return app.status === 'loaded' ? <app.module.HomePage /> : null;
}

/** `/c/$conversationId`: one conversation. */
export function ConversationRoute() {
  const { conversationId } = useParams({ from: '/signed-in/c/$conversationId' });
  const app = useSignedInApp();
  if (app.status !== 'loaded') return null;
  // A new key per conversation resets the composer and the scroll position.
  return <app.module.ConversationPage key={conversationId} conversationId={conversationId} />;
}
