import type { Conversation } from '../../shared/entities.ts';

export type ConversationGroup = { label: string; conversations: Conversation[] };

const day = 24 * 60 * 60 * 1000;

/**
 * Splits a newest-first list into Pinned (most recently pinned first), then Today, Yesterday,
 * Previous 7 days and Older, keeping order within each.
 */
export function groupByAge(
  conversations: readonly Conversation[],
  now = new Date(),
): ConversationGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const bounds: [string, number][] = [
    ['Today', startOfToday],
    ['Yesterday', startOfToday - day],
    ['Previous 7 days', startOfToday - 7 * day],
    ['Older', Number.NEGATIVE_INFINITY],
  ];
  const pinned = conversations
    .filter((c) => c.pinnedAt !== null)
    .sort((a, b) => (b.pinnedAt ?? 0) - (a.pinnedAt ?? 0));
  const groups: ConversationGroup[] = pinned.length
    ? [{ label: 'Pinned', conversations: pinned }]
    : [];
  for (const conversation of conversations) {
    if (conversation.pinnedAt !== null) continue;
    const label = bounds.find(([, since]) => conversation.updatedAt >= since)?.[0] ?? 'Older';
    const group = groups.at(-1);
    if (group?.label === label) group.conversations.push(conversation);
    else groups.push({ label, conversations: [conversation] });
  }
  return groups;
}
