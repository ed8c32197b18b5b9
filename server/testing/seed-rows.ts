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
