import { useCallback } from 'react';
import type { ReadTransaction } from 'replicache';
import type { Conversation } from '../../shared/entities.ts';
import { getConversation } from '../../shared/queries.ts';
import { readAhead, remember, useRememberedSubscribe } from '../sync/remembered-subscribe.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';
import { useReplicache } from '../sync/use-replicache.ts';

const rememberedAs = (id: string) => `conversation/${id}`;

/**
 * A conversation, live: `undefined` while loading (unless it was shown or read ahead lately),
 * `null` if there is no such conversation.
 */
export function useConversation(id: string): Conversation | null | undefined {
  const rep = useReplicache();
  const query = useCallback((tx: ReadTransaction) => getConversation(tx, id), [id]);
  return useRememberedSubscribe(rep, query, rememberedAs(id));
}

/** Reads a conversation now, for `useConversation` to open with. */
export function readConversationAhead(rep: ParleyReplicache, id: string): Promise<void> {
  return readAhead(rep, (tx) => getConversation(tx, id), rememberedAs(id));
}

/** Remembers a conversation as shown, for `useConversation` to open with. */
export function rememberConversation(rep: ParleyReplicache, conversation: Conversation) {
  remember(rep, rememberedAs(conversation.id), conversation);
}
