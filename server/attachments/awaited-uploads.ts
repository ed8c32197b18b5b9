import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { attachment } from '../db/attachment-schema.ts';
import { message } from '../db/chat-schema.ts';
import type { Database, Queryable } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { visibleUpdate } from '../sync/visible-write.ts';

// A message sent offline reaches the server through Replicache's push, and its files through
// their own uploads, in either order. When the push comes first, its answer records the ids
// that no upload has delivered yet (`awaitingAttachments`) and the person's message shows as
// `queued`; no run starts while the list is set (run-queue.ts). Each upload that arrives
// crosses itself off in the same transaction as its row, and the last one releases the answer.
// Both writes take the person's change counter, so a send and an upload racing each other
// cannot both miss the other: one of them retries and sees the other's row.

/** The named ids no upload (of anyone's) has delivered yet: those the message waits for. */
export async function idsNotUploaded(tx: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const stored = await tx
    .select({ id: attachment.id })
    .from(attachment)
    .where(inArray(attachment.id, [...ids]));
  const have = new Set(stored.map((row) => row.id));
  return [...new Set(ids)].filter((id) => !have.has(id));
}

/**
 * An upload of attachment `id` has just been stored for `userId`: if an answer of theirs waits
 * for it, the attachment joins that answer's message and leaves the list. Returns whether the
 * answer waits for nothing more now (its run may start). Runs in the upload's transaction.
 */
export async function crossOffUpload(
  tx: Queryable,
  userId: string,
  id: string,
): Promise<{ claimed: boolean; answerReady: boolean }> {
  const [answer] = await tx
    .select({
      id: message.id,
      conversationId: message.conversationId,
      order: message.order,
      status: message.status,
      awaiting: message.awaitingAttachments,
    })
    .from(message)
    .where(
      and(
        eq(message.userId, userId),
        eq(message.role, 'assistant'),
        sql`${message.awaitingAttachments} @> ${JSON.stringify([id])}::jsonb`,
      ),
    )
    .limit(1);
  if (!answer) return { claimed: false, answerReady: false };
  const [sent] = await tx
    .select({ id: message.id })
    .from(message)
    .where(
      and(
        eq(message.conversationId, answer.conversationId),
        eq(message.order, answer.order - 1),
        eq(message.role, 'user'),
      ),
    );
  if (sent) {
    await tx.update(attachment).set({ messageId: sent.id }).where(eq(attachment.id, id));
  }
  const left = (answer.awaiting ?? []).filter((awaited) => awaited !== id);
  if (left.length > 0) {
    await tx.update(message).set({ awaitingAttachments: left }).where(eq(message.id, answer.id));
    return { claimed: Boolean(sent), answerReady: false };
  }
  await tx
    .update(message)
    .set(visibleUpdate(message, { awaitingAttachments: null, updatedAt: new Date() }))
    .where(eq(message.id, answer.id));
  await markSentBefore(tx, answer);
  return { claimed: Boolean(sent), answerReady: answer.status === 'pending' };
}

type AnswerPlace = { conversationId: string; order: number };

/** The person's message before `answer` has all it named (or waits no more): it shows as sent. */
export async function markSentBefore(tx: Queryable, answer: AnswerPlace) {
  await tx
    .update(message)
    .set(visibleUpdate(message, { status: 'done', updatedAt: new Date() }))
    .where(
      and(
        eq(message.conversationId, answer.conversationId),
        eq(message.order, answer.order - 1),
        eq(message.role, 'user'),
        eq(message.status, 'queued'),
      ),
    );
}

/** What an answer whose files never came says; Retry answers with those that did. */
export const uploadsNeverCame =
  'Its attached files did not reach the server. Retry to answer with the files that did.';

/**
 * Answers that have waited for uploads since before `cutoff` stop waiting: each becomes an
 * `error` the person can retry, and their message shows as sent. The list stays, so a file that
 * arrives late still joins its message; a retry lets go of it (`releaseAnswer`). Returns the
 * people to poke.
 */
export function giveUpWaiting(db: Database, cutoff: Date): Promise<string[]> {
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      const expired = await tx
        .update(message)
        .set(
          visibleUpdate(message, {
            status: 'error',
            error: uploadsNeverCame,
            updatedAt: new Date(),
          }),
        )
        .where(
          and(
            eq(message.role, 'assistant'),
            eq(message.status, 'pending'),
            isNotNull(message.awaitingAttachments),
            lt(message.updatedAt, cutoff),
          ),
        )
        .returning({
          userId: message.userId,
          conversationId: message.conversationId,
          order: message.order,
        });
      for (const answer of expired) await markSentBefore(tx, answer);
      return [...new Set(expired.map((answer) => answer.userId))];
    }),
  );
}

/**
 * A retried answer waits for no upload: the person asked for it with what has arrived. Its
 * message shows as sent.
 */
export async function releaseAnswer(tx: Queryable, answer: AnswerPlace & { id: string }) {
  await tx.update(message).set({ awaitingAttachments: null }).where(eq(message.id, answer.id));
  await markSentBefore(tx, answer);
}
