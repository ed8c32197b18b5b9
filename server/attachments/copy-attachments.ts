import { copiedAttachmentId } from '../../shared/branches.ts';
import type { AttachmentRow } from '../db/attachment-schema.ts';
import { attachment } from '../db/attachment-schema.ts';
import type { Transaction } from '../db/database.ts';
import { type AttachmentStorage, newStorageKey } from './storage.ts';

/** Where a copied message went: its copy's id, and its place `n` in the copy. */
export type CopiedMessage = { copyId: string; n: number };

/**
 * Copies `sources` (attachment rows, oldest first) onto the copies of their messages in
 * conversation `conversationId`, owned by `userId`: new rows named by `copiedAttachmentId`, as
 * a device names them, over a copy of the bytes under a key of their own. A copy never shares a
 * storage key with its source: deleting either one's row deletes its bytes (the garbage
 * trigger), and the other must keep its own.
 *
 * The bytes are copied inside the caller's transaction, so a row never names bytes that are not
 * there yet; a driver that shares bytes underneath (a reflink) makes that cheap. Bytes already
 * gone (their row is being deleted) are left out, and a row already there is kept.
 */
export async function copyAttachments(
  tx: Transaction,
  storage: Pick<AttachmentStorage, 'copy'>,
  sources: readonly AttachmentRow[],
  to: {
    conversationId: string;
    userId: string;
    copyOf: (messageId: string) => CopiedMessage | undefined;
  },
): Promise<void> {
  const seen = new Map<string, number>();
  for (const source of sources) {
    const copied = source.messageId ? to.copyOf(source.messageId) : undefined;
    if (!copied) continue;
    const k = seen.get(copied.copyId) ?? 0;
    seen.set(copied.copyId, k + 1);
    const id = copiedAttachmentId(to.conversationId, copied.n, k);
    const storageKey = newStorageKey(id);
    if (!(await storage.copy(source.storageKey, storageKey))) continue;
    await tx
      .insert(attachment)
      .values({
        id,
        userId: to.userId,
        messageId: copied.copyId,
        name: source.name,
        mediaType: source.mediaType,
        size: source.size,
        pageCount: source.pageCount,
        source: source.source,
        storageKey,
        createdAt: source.createdAt,
      })
      .onConflictDoNothing();
  }
}
