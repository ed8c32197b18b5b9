import { and, eq, isNull, sql } from 'drizzle-orm';
import { limits } from '../../shared/limits.ts';
import { type AttachmentRow, attachment } from '../db/attachment-schema.ts';
import { message } from '../db/chat-schema.ts';
import type { Database, Queryable } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { visibleUpdate } from '../sync/visible-write.ts';
import { crossOffUpload } from './awaited-uploads.ts';

/** Who holds attachment `id`: the row when it is `userId`'s, 'taken' when someone else's. */
export async function findAttachment(
  db: Queryable,
  userId: string,
  id: string,
): Promise<AttachmentRow | 'taken' | undefined> {
  const [row] = await db.select().from(attachment).where(eq(attachment.id, id));
  if (!row) return undefined;
  return row.userId === userId ? row : 'taken';
}

export type NewAttachment = Omit<AttachmentRow, 'messageId' | 'createdAt' | 'version'> & {
  /** The message it was uploaded for: claimed when it is the person's and has room. */
  messageId: string | undefined;
};

/** A stored upload's row, and whether an answer waiting for it may start now. */
export type InsertedAttachment = { row: AttachmentRow; answerReady: boolean };

/**
 * Records a stored upload; undefined when its id was taken meanwhile (another upload of it won
 * the race). In one transaction with the row, it joins the message that waits for it
 * (awaited-uploads.ts), or else the message it names, if that message has been sent already:
 * if not, sending it claims the attachment (`claimAttachments`). The row is written first: it
 * takes the person's change counter, so a send of that message in flight either commits before
 * the claim below reads, or retries and sees this row.
 */
export function insertAttachment(
  db: Database,
  row: NewAttachment,
): Promise<InsertedAttachment | undefined> {
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(attachment)
        .values({ ...row, messageId: null })
        .onConflictDoNothing()
        .returning();
      if (!inserted) return undefined;
      const awaited = await crossOffUpload(tx, row.userId, row.id);
      if (awaited.claimed || row.messageId === undefined) {
        const [current] = await tx.select().from(attachment).where(eq(attachment.id, row.id));
        return { row: current ?? inserted, answerReady: awaited.answerReady };
      }
      const [claimed] = await tx
        .update(attachment)
        .set({ messageId: row.messageId })
        .where(
          and(
            eq(attachment.id, row.id),
            sql`exists (select 1 from ${message} where ${message.id} = ${row.messageId}
              and ${message.userId} = ${row.userId} and ${message.role} = 'user')`,
            sql`(select count(*) from ${attachment} where ${attachment.messageId} = ${row.messageId})
              < ${limits.attachmentsPerMessage}`,
          ),
        )
        .returning();
      return { row: claimed ?? inserted, answerReady: awaited.answerReady };
    }),
  );
}

/**
 * A sent message takes the attachments it names that are the sender's and belong to no message
 * yet; those not uploaded yet join it on upload (`insertAttachment`).
 */
export async function claimAttachments(
  tx: Queryable,
  userId: string,
  messageId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(attachment)
    .set(visibleUpdate(attachment, { messageId }))
    .where(
      and(
        sql`${attachment.id} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
        eq(attachment.userId, userId),
        isNull(attachment.messageId),
      ),
    );
}

/** Deletes the person's attachment `id`; its bytes follow in the sweep. False when none. */
export async function deleteAttachment(db: Database, userId: string, id: string) {
  const deleted = await retryOnConflict(() =>
    db
      .delete(attachment)
      .where(and(eq(attachment.id, id), eq(attachment.userId, userId)))
      .returning({ id: attachment.id }),
  );
  return deleted.length > 0;
}

/**
 * Deletes the images a model made for answer `messageId` (the caller owns it); their bytes
 * follow in the sweep. Whether there were any.
 */
export async function deleteGeneratedImages(tx: Queryable, messageId: string): Promise<boolean> {
  const deleted = await tx
    .delete(attachment)
    .where(and(eq(attachment.messageId, messageId), eq(attachment.source, 'generated')))
    .returning({ id: attachment.id });
  return deleted.length > 0;
}

/** How many bytes of attachments the person keeps. */
export async function storedBytes(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string | number | null>`sum(${attachment.size})` })
    .from(attachment)
    .where(eq(attachment.userId, userId));
  return Number(row?.bytes ?? 0);
}
