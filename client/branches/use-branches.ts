import { useCallback, useMemo } from 'react';
import type { ReadTransaction } from 'replicache';
import type { Conversation } from '../../shared/entities.ts';
import { listConversations } from '../chat/conversation-queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

/** Branch point message id → the conversations branched there, oldest first. */
export type BranchesByMessage = ReadonlyMap<string, readonly Conversation[]>;

const none: BranchesByMessage = new Map();

/** The branches of a conversation, by the message each was made at; live. */
export function useBranches(conversationId: string): BranchesByMessage {
  const rep = useReplicache();
  const query = useCallback(
    async (tx: ReadTransaction) => {
      const branches = (await listConversations(tx))
        .filter((c) => c.parentConversationId === conversationId && c.branchPointMessageId)
        .sort((a, b) => a.createdAt - b.createdAt);
      // Replicache compares query results as JSON: entries, not a Map.
      return branches.map((c) => [c.branchPointMessageId ?? '', c] as const);
    },
    [conversationId],
  );
  const entries = useSubscribe(rep, query);
  return useMemo(() => {
    if (!entries || entries.length === 0) return none;
    const byMessage = new Map<string, Conversation[]>();
    for (const [messageId, branch] of entries) {
      byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), branch]);
    }
    return byMessage;
  }, [entries]);
}
