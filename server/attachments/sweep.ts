import { inArray } from 'drizzle-orm';
import { attachmentGarbage } from '../db/attachment-schema.ts';
import type { Database } from '../db/database.ts';
import { loggableError } from '../http/loggable-error.ts';
import type { AttachmentStorage } from './storage.ts';

const batch = 100;
/** Bytes left by a deletion nobody swept after (another process's, an earlier crash's). */
const everyMs = 10 * 60 * 1000;

export type AttachmentSweeper = {
  /** Deletes the bytes of every deleted attachment; resolves once none is left. */
  sweep(): Promise<void>;
  /** Stops the timer; resolves once a sweep under way has ended. */
  close(): Promise<void>;
};

/**
 * Removes stored bytes whose attachment row is gone (`attachmentGarbage`): after a deletion, at
 * start, and every ten minutes for what another process left. Calls while a sweep runs are
 * folded into one more round after it, so a burst of deletions sweeps twice, not once each.
 */
export function createAttachmentSweeper(
  db: Database,
  storage: AttachmentStorage,
): AttachmentSweeper {
  // The sweep running (or the last one), and the one queued behind it, if any.
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const sweepAll = async () => {
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
        console.error(`[attachments] sweeping deleted files failed: ${loggableError(error)}`);
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
