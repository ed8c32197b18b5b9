import { useMemo } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { useConversations } from '../sidebar/use-conversations.ts';

/** Branch point message id → the conversations branched there, oldest first. */
export type BranchesByMessage = ReadonlyMap<string, readonly Conversation[]>;

const none: BranchesByMessage = new Map();

/** The branches of a conversation, by the message each was made at; live. */
export function useBranches(conversationId: string): BranchesByMessage {
  const conversations = useConversations();
  return useMemo(() => {
    const byMessage = new Map<string, Conversation[]>();
    const branches = (conversations ?? [])
      .filter((c) => c.parentConversationId === conversationId && c.branchPointMessageId)
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const branch of branches) {
      const at = branch.branchPointMessageId ?? '';
      byMessage.set(at, [...(byMessage.get(at) ?? []), branch]);
    }
    // The same empty map each time, so messages without branches need not render again.
    return byMessage.size === 0 ? none : byMessage;
  }, [conversations, conversationId]);
}
