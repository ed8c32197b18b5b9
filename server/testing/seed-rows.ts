import type { MessageStatus } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';

/** Writes a conversation with one user message and its answer straight into the database. */
export async function seedAnswer(
  db: Database,
  userId: string,
  ids: { conversationId: string; answerId: string },
  answer: { status: MessageStatus; content?: string; error?: string | null } = {
    status: 'pending',
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
      createdAt: now,
    },
  ]);
}

/**
 * Writes a finished conversation of `count` messages (questions and answers in turn, of
 * varied length) straight into the database. Message `n` says `Message n`.
 */
export async function seedLongConversation(
  db: Database,
  userId: string,
  conversationId: string,
  count: number,
) {
  const start = Date.now() - count * 1000;
  await db.insert(conversation).values({
    id: conversationId,
    userId,
    title: `${count} messages`,
    model: DEMO_MODEL_ID,
    createdAt: new Date(start),
    updatedAt: new Date(),
  });
  const rows = Array.from({ length: count }, (_, n) => {
    const role = n % 2 === 0 ? ('user' as const) : ('assistant' as const);
    return {
      id: `${conversationId}-${n}`,
      conversationId,
      userId,
      role,
      // Some answers run to several paragraphs, so rows differ in height as real ones do.
      content: `Message ${n}${role === 'assistant' ? '\n\nMore words. '.repeat(n % 5) : ''}`,
      status: 'done' as const,
      model: role === 'assistant' ? DEMO_MODEL_ID : null,
      order: n,
      createdAt: new Date(start + n * 1000),
    };
  });
  // Bounded statements: one insert of thousands of rows overruns the parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(message).values(rows.slice(i, i + 500));
  }
}
