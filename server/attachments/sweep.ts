import { and, inArray, isNull, lt } from 'drizzle-orm';
import { attachment, attachmentGarbage } from '../db/attachment-schema.ts';
import type { Database } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import type { AttachmentStorage } from './storage.ts';

const batch = 100;
/** Bytes left by a deletion nobody swept after (another process's, an earlier crash's). */
const everyMs = 10 * 60 * 1000;
/**
 * How long an upload may wait for the message that claims it. A device uploads as the person
 * picks a file and sends the message soon after (queued offline, pushed on reconnect with the
 * upload); a file still unclaimed after a day was removed from the composer, or never sent.
 */
export const unclaimedForMs = 24 * 60 * 60 * 1000;

export type SweeperOptions = {
  /** The clock uploads' age is measured by (tests move it on). */
  now?: (() => number) | undefined;
};

export type AttachmentSweeper = {
  /** Deletes the bytes of every deleted attachment; resolves once none is left. */
  sweep(): Promise<void>;
  /** Stops the timer; resolves once a sweep under way has ended. */
  close(): Promise<void>;
};

/**
 * Removes stored bytes whose attachment row is gone (`attachmentGarbage`): after a deletion, at
 * start, and every ten minutes for what another process left. Each sweep first deletes the
 * uploads no message claimed within a day, so their bytes go in the same round. Calls while a
 * sweep runs are folded into one more round after it, so a burst of deletions sweeps twice,
 * not once each.
 */
export function createAttachmentSweeper(
  db: Database,
  storage: AttachmentStorage,
  options: SweeperOptions = {},
): AttachmentSweeper {
  const now = options.now ?? Date.now;
  // The sweep running (or the last one), and the one queued behind it, if any.
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  // Their rows' deletion leaves their keys as garbage (and tombstones for the person's devices).
  const deleteUnclaimed = async () => {
    const cutoff = new Date(now() - unclaimedForMs);
    for (;;) {
      const gone = await retryOnConflict(() =>
        db
          .delete(attachment)
          .where(
            inArray(
              attachment.id,
              db
                .select({ id: attachment.id })
                .from(attachment)
                .where(and(isNull(attachment.messageId), lt(attachment.createdAt, cutoff)))
                .limit(batch),
            ),
          )
          .returning({ id: attachment.id }),
      );
      if (gone.length < batch) return;
    }
  };
  const sweepAll = async () => {
    await deleteUnclaimed();
    for (;;) {
      const keys = (
        await db.select({ key: attachmentGarbage.storageKey }).from(attachmentGarbage).limit(batch)
      ).map((row) => row.key);
      if (keys.length === 0) return;
      // Bytes first: an entry whose deletion failed stays, and is tried again.
      await Promise.all(keys.map((key) => storage.delete(key)));
      await db.delete(attachmentGarbage).where(inArray(attachmentGarbage.storageKey, keys));
    }
  };
  const sweep = (): Promise<void> => {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = undefined;
      return sweepAll().catch((error: unknown) => {
        processLog.error('attachments.sweep_failed', { error: loggableError(error) });
      });
    });
    queued = next;
    tail = next;
    return next;
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return {
    sweep,
    async close() {
      clearInterval(timer);
      await tail;
    },
  };
}
