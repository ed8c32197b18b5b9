import type { MessageStatus } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';

/**
 * Writes a conversation with one user message and its answer straight into the database. A
 * `streaming` answer (the default) is held by a live lease of another process, as if it were
 * generating there: the test writes its chunks. A `pending` one is started by the server's
 * next sweep.
 */
export async function seedAnswer(
  db: Database,
  userId: string,
  ids: { conversationId: string; answerId: string },
  answer: { status: MessageStatus; content?: string; error?: string | null } = {
    status: 'streaming',
  },
) {
  const now = new Date();
  await db.insert(conversation).values({
    id: ids.conversationId,
    userId,
    title: 'Seeded',
    model: DEMO_MODEL_ID,
    createdAt: now,
    updatedAt: now,
  });
  await db.insert(message).values([
    {
      id: `${ids.answerId}-prompt`,
      conversationId: ids.conversationId,
      userId,
      role: 'user',
      content: answer.content ?? 'prompt',
      status: 'done',
      order: 0,
      createdAt: now,
    },
    {
      id: ids.answerId,
      conversationId: ids.conversationId,
      userId,
      role: 'assistant',
      content: answer.content ?? '',
      status: answer.status,
      error: answer.error ?? null,
      model: DEMO_MODEL_ID,
      order: 1,
      runId: ids.answerId,
      ...(answer.status === 'streaming'
        ? { leaseOwner: 'elsewhere', leaseExpiresAt: new Date(now.getTime() + 3_600_000) }
        : {}),
      createdAt: now,
    },
  ]);
}

/** A conversation to seed: `count` finished messages, the last one at `updatedAt`. */
export type SeededConversation = { id: string; title: string; count: number; updatedAt: number };

/** Rows per insert: one statement of thousands of rows overruns the parameter limit. */
const batch = 500;

/**
 * Writes finished conversations straight into the database, in bulk: questions and answers in
 * turn, of varied length (some answers run to several paragraphs, so rows differ in height as
 * real ones do). Message `n` of conversation `id` has the id `${id}-${n}` and says `Message n`.
 */
export async function seedConversations(
  db: Database,
  userId: string,
  seeds: readonly SeededConversation[],
) {
  const conversations = seeds.map((c) => ({
    id: c.id,
    userId,
    title: c.title,
    model: DEMO_MODEL_ID,
    createdAt: new Date(c.updatedAt - c.count * 1000),
    updatedAt: new Date(c.updatedAt),
  }));
  const messages = seeds.flatMap((c) =>
    Array.from({ length: c.count }, (_, n) => {
      const role = n % 2 === 0 ? ('user' as const) : ('assistant' as const);
      return {
        id: `${c.id}-${n}`,
        conversationId: c.id,
        userId,
        role,
        content: `Message ${n}${role === 'assistant' ? '\n\nMore words. '.repeat(n % 5) : ''}`,
        status: 'done' as const,
        model: role === 'assistant' ? DEMO_MODEL_ID : null,
        order: n,
        createdAt: new Date(c.updatedAt - (c.count - n) * 1000),
      };
    }),
  );
  for (let i = 0; i < conversations.length; i += batch) {
    await db.insert(conversation).values(conversations.slice(i, i + batch));
  }
  for (let i = 0; i < messages.length; i += batch) {
    await db.insert(message).values(messages.slice(i, i + batch));
  }
}

/** One finished conversation of `count` messages, the latest now (see `seedConversations`). */
export function seedLongConversation(
  db: Database,
  userId: string,
  conversationId: string,
  count: number,
) {
  return seedConversations(db, userId, [
    { id: conversationId, title: `${count} messages`, count, updatedAt: Date.now() },
  ]);
}
