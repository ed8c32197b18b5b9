import type { ReadTransaction } from 'replicache';
import { Attachment, Conversation, Message } from './entities.ts';
import {
  attachmentPrefix,
  conversationKey,
  conversationPrefix,
  messagesOfConversationPrefix,
} from './keys.ts';

// Reads of the local store. Values are parsed where they leave Replicache; a value that does not
// parse (an older or newer shape) is left out rather than breaking the whole list.

/** Every conversation, most recently active first. */
export async function listConversations(tx: ReadTransaction): Promise<Conversation[]> {
  const values = await tx.scan({ prefix: conversationPrefix }).values().toArray();
  return parseEach(Conversation, values).sort((a, b) => b.updatedAt - a.updatedAt);
}

/** One conversation, or `null` if this device has no such conversation. */
export async function getConversation(
  tx: ReadTransaction,
  id: string,
): Promise<Conversation | null> {
  const stored = await tx.get(conversationKey(id));
  return stored === undefined ? null : (parseEach(Conversation, [stored])[0] ?? null);
}

/** A conversation's messages in order. */
export async function listMessages(
  tx: ReadTransaction,
  conversationId: string,
): Promise<Message[]> {
  const values = await tx
    .scan({ prefix: messagesOfConversationPrefix(conversationId) })
    .values()
    .toArray();
  return parseEach(Message, values).sort((a, b) => a.order - b.order);
}

/**
 * Attachments by the message that carries them, each message's in the order they were
 * attached (as the server orders them); unclaimed ones are left out.
 */
export async function attachmentsByMessage(
  tx: ReadTransaction,
): Promise<Map<string, Attachment[]>> {
  const values = await tx.scan({ prefix: attachmentPrefix }).values().toArray();
  const byMessage = new Map<string, Attachment[]>();
  const sorted = parseEach(Attachment, values).sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const attachment of sorted) {
    if (attachment.messageId === null) continue;
    const list = byMessage.get(attachment.messageId) ?? [];
    list.push(attachment);
    byMessage.set(attachment.messageId, list);
  }
  return byMessage;
}

type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

// Parsed values by the stored value they came from, per schema. Replicache hands out the same
// frozen object for a value that has not changed, so a list of a thousand conversations is
// parsed once, not again on every change to one of them.
const parsedBySchema = new WeakMap<object, WeakMap<object, unknown>>();

/** The values that parse as `schema`; the rest are left out. */
export function parseEach<T>(schema: Schema<T>, values: readonly unknown[]): T[] {
  let parsed = parsedBySchema.get(schema) as WeakMap<object, T | null> | undefined;
  if (!parsed) {
    parsed = new WeakMap();
    parsedBySchema.set(schema, parsed);
  }
  const cache = parsed;
  return values.flatMap((value) => {
    const cacheable = typeof value === 'object' && value !== null;
    const known = cacheable ? cache.get(value) : undefined;
    if (known !== undefined) return known === null ? [] : [known];
    const result = schema.safeParse(value);
    if (cacheable) cache.set(value, result.success ? result.data : null);
    return result.success ? [result.data] : [];
  });
}
