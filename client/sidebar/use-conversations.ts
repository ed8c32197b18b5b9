import { useMemo, useSyncExternalStore } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { pendingDeletions, watchPendingDeletions } from '../chat/pending-deletions.ts';
import { useAllConversations } from './conversations-context.tsx';

/**
 * Every conversation, most recent first, live; `undefined` while loading. Conversations being
 * deleted (still within their undo window) are left out.
 */
export function useConversations(): Conversation[] | undefined {
  const all = useAllConversations();
  const deleting = useSyncExternalStore(watchPendingDeletions, pendingDeletions);
  return useMemo(
    () => all?.filter((conversation) => !deleting.some((gone) => gone.id === conversation.id)),
    [all, deleting],
  );
}
