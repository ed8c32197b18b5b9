import type { Conversation } from '../../shared/entities.ts';
import { listConversations } from '../chat/conversation-queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

/** Every conversation, most recent first, live; `undefined` while loading. */
export function useConversations(): Conversation[] | undefined {
  return useSubscribe(useReplicache(), listConversations);
}
