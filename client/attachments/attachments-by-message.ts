import type { Attachment } from '../../shared/entities.ts';

/** A message's attachments, oldest first. */
export type MessageAttachments = readonly Attachment[];

/** What a message with no attachments shows: one shared empty list, so it never changes. */
export const noAttachments: MessageAttachments = Object.freeze([]);

/**
 * Groups attachments by the message that claimed them (unclaimed ones are left out), oldest
 * first. A message whose attachments are the same objects as in `previous` keeps its list from
 * there, so a change to one message's files re-renders that message only.
 */
export function groupByMessage(
  attachments: readonly Attachment[],
  previous: ReadonlyMap<string, MessageAttachments> = new Map(),
): Map<string, MessageAttachments> {
  const groups = new Map<string, Attachment[]>();
  for (const attachment of attachments) {
    if (attachment.messageId === null) continue;
    const group = groups.get(attachment.messageId);
    if (group) group.push(attachment);
    else groups.set(attachment.messageId, [attachment]);
  }
  const grouped = new Map<string, MessageAttachments>();
  for (const [messageId, group] of groups) {
    group.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const before = previous.get(messageId);
    const same =
      before !== undefined &&
      before.length === group.length &&
      before.every((attachment, index) => attachment === group[index]);
    grouped.set(messageId, same ? before : group);
  }
  return grouped;
}

/**
 * The attachments in `before` that are gone from `after`: deleted, with their message or their
 * conversation, on this device or another.
 */
export function goneAttachments(
  before: ReadonlySet<string>,
  after: readonly Attachment[],
): string[] {
  const still = new Set(after.map((attachment) => attachment.id));
  return [...before].filter((id) => !still.has(id));
}
