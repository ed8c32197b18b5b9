import { useCallback } from 'react';
import type { ReadTransaction } from 'replicache';
import type { Message } from '../../shared/entities.ts';
import { listMessages } from '../../shared/queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

/** A conversation's messages in order, live; `undefined` while loading. */
export function useMessages(conversationId: string): Message[] | undefined {
  const rep = useReplicache();
  const query = useCallback(
    (tx: ReadTransaction) => listMessages(tx, conversationId),
    [conversationId],
  );
  return useSubscribe(rep, query);
}
