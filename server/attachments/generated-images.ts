import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { limits } from '../../shared/limits.ts';
import { megabytes, sniffMediaType } from '../../shared/media-type.ts';
import { type AttachmentRow, attachment } from '../db/attachment-schema.ts';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { storedBytes } from './attachment-rows.ts';
import type { AttachmentStorage } from './storage.ts';
import { newStorageKey } from './storage.ts';

export type GeneratedImageDeps = {
  db: Database;
  storage: AttachmentStorage;
  /** The most bytes of attachments one person may keep: generated images count too. */
  quotaBytes: number;
};

/** The answer being generated, by the run that generates it. */
export type GeneratingAnswer = { userId: string; messageId: string; runId: string };

/** An image kept, or why not, in words for the person. */
export type KeptImage = { kept: AttachmentRow } | { refused: string };

const extensions: Record<AttachmentMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/**
 * Keeps an image a model made as an attachment of its answer (`source: 'generated'`, named
 * `image-<number>.<ext>`): bytes first, then the row, which syncs to the person's devices like
 * an upload's. Its type comes from its bytes, never from what the model declared, and only
 * images are kept (a PDF or anything else is refused), up to an image's size limit and the
 * person's quota. The row is written only while `answer.runId` is still generating the
 * answer: a run that lost it (retried, finalised elsewhere) adds nothing to it.
 */
export async function keepGeneratedImage(
  deps: GeneratedImageDeps,
  answer: GeneratingAnswer,
  number: number,
  bytes: Uint8Array,
): Promise<KeptImage> {
  const mediaType = sniffMediaType(bytes.subarray(0, 16));
  if (!mediaType?.startsWith('image/')) {
    return { refused: 'The model sent an image in a format Parley does not keep.' };
  }
  if (bytes.byteLength > limits.imageBytes) return { refused: tooLarge };
  if ((await storedBytes(deps.db, answer.userId)) + bytes.byteLength > deps.quotaBytes) {
    return { refused: overQuota(deps.quotaBytes) };
  }
  const id = `gen-${randomBytes(12).toString('base64url')}`;
  // Unique per image, as an upload's: a key is written once.
  const storageKey = newStorageKey(id);
  await deps.storage.put(storageKey, new Blob([bytes]).stream());
  const row = await retryOnConflict(() =>
    deps.db.transaction(async (tx) => {
      // Locked, so that a retry or a final write of the answer waits for this row or sees it.
      const [generating] = await tx
        .select({ id: message.id })
        .from(message)
        .where(
          and(
            eq(message.id, answer.messageId),
            eq(message.userId, answer.userId),
            eq(message.runId, answer.runId),
            eq(message.status, 'streaming'),
          ),
        )
        .for('update');
      if (!generating) return undefined;
      // Checked again with the row: two images of one person stored at once both counted.
      if ((await storedBytes(tx, answer.userId)) + bytes.byteLength > deps.quotaBytes) {
        return 'overQuota' as const;
      }
      const [inserted] = await tx
        .insert(attachment)
        .values({
          id,
          userId: answer.userId,
          messageId: answer.messageId,
          name: `image-${number}.${extensions[mediaType]}`,
          mediaType,
          size: bytes.byteLength,
          pageCount: null,
          source: 'generated',
          storageKey,
        })
        .returning();
      return inserted;
    }),
  ).catch(async (error: unknown) => {
    await deps.storage.delete(storageKey).catch(() => {});
    throw error;
  });
  if (row === undefined || row === 'overQuota') {
    await deps.storage.delete(storageKey);
    return { refused: row === 'overQuota' ? overQuota(deps.quotaBytes) : 'The answer ended.' };
  }
  return { kept: row };
}

const tooLarge = `The model sent an image larger than ${megabytes(limits.imageBytes)}, which Parley does not keep.`;
const overQuota = (quotaBytes: number) =>
  `An image was not kept: your attachments would take more than your ${megabytes(quotaBytes)}. Delete some to make room.`;
