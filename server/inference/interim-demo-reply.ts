import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { transact } from '../db/transact.ts';

/**
 * Until resumable streams land (issue "Inference and resumable streams"), an answer is written
 * in one piece: the demo model's reply is the person's last message, verbatim. Models other
 * than the demo end as `error`, since no provider is wired yet.
 *
 * Returns whether the message changed (so the caller pokes).
 */
export async function answerInOnePiece(db: Database, assistantMessageId: string): Promise<boolean> {
  return transact(db, async (tx) => {
    const [assistant] = await tx.select().from(message).where(eq(message.id, assistantMessageId));
    if (assistant?.status !== 'pending') return false;
    const [prompt] = await tx
      .select({ content: message.content })
      .from(message)
      .where(
        and(
          eq(message.conversationId, assistant.conversationId),
          eq(message.role, 'user'),
          lt(message.order, assistant.order),
        ),
      )
      .orderBy(desc(message.order))
      .limit(1);
    const isDemo = assistant.model === DEMO_MODEL_ID || assistant.model === null;
    await tx
      .update(message)
      .set({
        content: isDemo ? (prompt?.content ?? '') : '',
        status: isDemo ? 'done' : 'error',
        error: isDemo ? null : 'Only the demo model is available in this build.',
        updatedAt: new Date(),
        version: sql`${message.version} + 1`,
      })
      .where(eq(message.id, assistant.id));
    return true;
  });
}
