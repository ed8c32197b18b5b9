import type { ReadTransaction } from 'replicache';
import { Conversation, Message } from '../../shared/entities.ts';
import {
  conversationKey,
  conversationPrefix,
  messagesOfConversationPrefix,
} from '../../shared/keys.ts';

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
  const parsed = Conversation.safeParse(await tx.get(conversationKey(id)));
  return parsed.success ? parsed.data : null;
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

type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

/** The values that parse as `schema`; the rest are left out. */
export function parseEach<T>(schema: Schema<T>, values: readonly unknown[]): T[] {
  return values.flatMap((value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
