import { useCallback } from 'react';
import type { ReadTransaction } from 'replicache';
import type { Message } from '../../shared/entities.ts';
import { listMessages } from '../../shared/queries.ts';
import { readAhead, remember, useRememberedSubscribe } from '../sync/remembered-subscribe.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';
import { useReplicache } from '../sync/use-replicache.ts';

const rememberedAs = (conversationId: string) => `messages/${conversationId}`;

/**
 * A conversation's messages in order, live; `undefined` while loading, unless they were shown
 * or read ahead lately (see `useRememberedSubscribe`) and not `fresh`.
 */
export function useMessages(
  conversationId: string,
  { fresh = false }: { fresh?: boolean } = {},
): Message[] | undefined {
  const rep = useReplicache();
  const query = useCallback(
    (tx: ReadTransaction) => listMessages(tx, conversationId),
    [conversationId],
  );
  return useRememberedSubscribe(rep, query, rememberedAs(conversationId), {
    openWithRemembered: !fresh,
  });
}

/** Reads a conversation's messages now, for `useMessages` to open with. */
export function readMessagesAhead(rep: ParleyReplicache, conversationId: string): Promise<void> {
  const query = (tx: ReadTransaction) => listMessages(tx, conversationId);
  return readAhead(rep, query, rememberedAs(conversationId));
}

/** Remembers a conversation's messages as shown, for `useMessages` to open with. */
export function rememberMessages(
  rep: ParleyReplicache,
  conversationId: string,
  messages: readonly Message[],
) {
  remember(rep, rememberedAs(conversationId), messages);
}
