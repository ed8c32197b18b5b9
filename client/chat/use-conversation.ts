import { useCallback } from 'react';
import type { ReadTransaction } from 'replicache';
import type { Conversation } from '../../shared/entities.ts';
import { getConversation } from '../../shared/queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

/** A conversation, live: `undefined` while loading, `null` if there is no such conversation. */
export function useConversation(id: string): Conversation | null | undefined {
  const rep = useReplicache();
  const query = useCallback((tx: ReadTransaction) => getConversation(tx, id), [id]);
  return useSubscribe(rep, query);
}
