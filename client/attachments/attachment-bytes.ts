import type { Attachment } from '../../shared/entities.ts';
import { noteStorageError } from '../local/storage-trouble.ts';

/** Why an attachment's bytes cannot be shown. */
export type MissingReason = 'offline' | 'gone' | 'failed';

export class AttachmentUnavailable extends Error {
  constructor(readonly reason: MissingReason) {
    super(`attachment unavailable: ${reason}`);
  }
}

// Dexie loads with the first attachment shown, not with the app (as everywhere).
const localDb = async () => (await import('../local/local-db.ts')).localDb;

/** Fetches under way, by id: a message shown twice (two rows, a remount) fetches once. */
const fetching = new Map<string, Promise<Blob>>();

/** An attachment's bytes if this device holds them (picked here, or fetched before). */
export async function storedAttachmentBlob(attachment: Attachment): Promise<Blob | undefined> {
  const db = await localDb();
  return (await db.files.get(attachment.id))?.blob;
}

/**
 * An attachment's bytes from the server, kept on the device as they arrive, so the
 * conversation reads offline from then on. Throws `AttachmentUnavailable` when they cannot be
 * had.
 */
export function fetchAttachmentBlob(attachment: Attachment): Promise<Blob> {
  let pending = fetching.get(attachment.id);
  if (!pending) {
    pending = fetchAndKeep(attachment).finally(() => fetching.delete(attachment.id));
    fetching.set(attachment.id, pending);
  }
  return pending;
}

async function fetchAndKeep(attachment: Attachment): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api/attachments/${encodeURIComponent(attachment.id)}`, {
      credentials: 'same-origin',
    });
  } catch {
    throw new AttachmentUnavailable('offline');
  }
  if (response.status === 404) throw new AttachmentUnavailable('gone');
  if (!response.ok) throw new AttachmentUnavailable('failed');
  const bytes = await response.blob().catch(() => {
    throw new AttachmentUnavailable(navigator.onLine ? 'failed' : 'offline');
  });
  // A cut-short body would be kept as the file for good: only the whole file is kept.
  if (bytes.size !== attachment.size) throw new AttachmentUnavailable('failed');
  // Typed by the row (decided on the server from the bytes), whatever the response said.
  const blob = new Blob([bytes], { type: attachment.mediaType });
  try {
    const db = await localDb();
    await db.files.put({
      id: attachment.id,
      name: attachment.name,
      mediaType: attachment.mediaType,
      size: attachment.size,
      blob,
      uploaded: 1,
    });
  } catch (error) {
    // Shown all the same; it will be fetched again next time. A full disk is said once.
    noteStorageError(error);
  }
  return blob;
}

/**
 * Lets go of the bytes this device holds for attachments that are gone: a deleted message's
 * files would otherwise stay on the device until its data is deleted.
 */
export async function forgetAttachmentBytes(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    const db = await localDb();
    await db.files.bulkDelete([...ids]);
  } catch (error) {
    noteStorageError(error);
  }
}
