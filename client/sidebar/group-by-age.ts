import type { Conversation } from '../../shared/entities.ts';

export type ConversationGroup = { label: string; conversations: Conversation[] };

const day = 24 * 60 * 60 * 1000;

/** Splits a newest-first list into Today, Yesterday, Previous 7 days and Older, keeping order. */
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
  const groups: ConversationGroup[] = [];
  for (const conversation of conversations) {
    const label = bounds.find(([, since]) => conversation.updatedAt >= since)?.[0] ?? 'Older';
    const group = groups.at(-1);
    if (group?.label === label) group.conversations.push(conversation);
    else groups.push({ label, conversations: [conversation] });
  }
  return groups;
}
