import { useSyncExternalStore } from 'react';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { newId } from '../sync/new-id.ts';
import { putAttachment } from './upload-request.ts';

/** Where one file's upload stands, as its chip shows it. */
export type UploadState =
  | { phase: 'waiting'; loaded: number; total: number }
  | { phase: 'uploading'; loaded: number; total: number }
  | { phase: 'uploaded'; loaded: number; total: number }
  | { phase: 'failed'; loaded: number; total: number; message: string };

// One queue for the whole page: an upload goes on after its message is sent and the composer
// that picked it is gone. The bytes wait in Dexie (`files`, uploaded: 0) until the server
// has them, so a reload or a night offline loses nothing: `resumeUploads` starts them again.
const states = new Map<string, UploadState>();
const running = new Map<string, AbortController>();
const listeners = new Set<() => void>();

const firstRetryMs = 1_000;
const longestRetryMs = 60_000;

// Loaded with the first file, as everywhere: Dexie is not part of the first paint.
const localFiles = () => import('../local/local-db.ts').then(({ localDb }) => localDb.files);

function setState(id: string, state: UploadState | undefined) {
  if (state) states.set(id, state);
  else states.delete(id);
  for (const listener of listeners) listener();
}

/**
 * Keeps `file` on the device under a new attachment id and starts uploading it; returns the
 * id, which the message names when it is sent (uploaded by then or not).
 */
export async function storeAndUpload(file: File, mediaType: AttachmentMediaType): Promise<string> {
  const id = newId();
  const files = await localFiles();
  await files.put({ id, name: file.name, mediaType, size: file.size, blob: file, uploaded: 0 });
  setState(id, { phase: 'waiting', loaded: 0, total: file.size });
  startUpload(id);
  return id;
}

/** Starts again every upload this device has not finished (at start, after a reload). */
export async function resumeUploads(): Promise<void> {
  const files = await localFiles();
  const waiting = await files.where('uploaded').equals(0).primaryKeys();
  for (const id of waiting) startUpload(id);
}

/**
 * The person took a picked file off their message: its upload stops, its bytes leave the
 * device, and a copy the server already holds is deleted (no message will name it).
 */
export async function discardUpload(id: string): Promise<void> {
  running.get(id)?.abort();
  running.delete(id);
  const reached = states.get(id)?.phase === 'uploaded';
  setState(id, undefined);
  await (await localFiles()).delete(id);
  if (reached && navigator.onLine) {
    await fetch(`/api/attachments/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    }).catch(() => undefined);
  }
}

function startUpload(id: string) {
  if (running.has(id)) return;
  const controller = new AbortController();
  running.set(id, controller);
  void uploadUntilStored(id, controller.signal).finally(() => {
    if (running.get(id) === controller) running.delete(id);
  });
}

/** Tries until the server has the file, waiting for a connection and backing off between tries. */
async function uploadUntilStored(id: string, signal: AbortSignal): Promise<void> {
  const files = await localFiles();
  const file = await files.get(id);
  if (!file || signal.aborted) return;
  if (file.uploaded === 1) {
    setState(id, { phase: 'uploaded', loaded: file.size, total: file.size });
    return;
  }
  for (let attempt = 0; !signal.aborted; attempt += 1) {
    if (!navigator.onLine) {
      // Offline, a request would only fail (and fill the console): wait for the network.
      setState(id, { phase: 'waiting', loaded: 0, total: file.size });
      await whenOnline(signal);
      continue;
    }
    setState(id, { phase: 'uploading', loaded: 0, total: file.size });
    const outcome = await putAttachment(
      file,
      (loaded, total) => {
        if (!signal.aborted) setState(id, { phase: 'uploading', loaded, total });
      },
      signal,
    );
    if (signal.aborted) return;
    if (outcome.ok) {
      await files.update(id, { uploaded: 1 });
      setState(id, { phase: 'uploaded', loaded: file.size, total: file.size });
      return;
    }
    if (outcome.permanent) {
      setState(id, { phase: 'failed', loaded: 0, total: file.size, message: outcome.message });
      return;
    }
    setState(id, { phase: 'waiting', loaded: 0, total: file.size });
    await pause(Math.min(longestRetryMs, firstRetryMs * 2 ** attempt), signal);
  }
}

/** Resolves when the browser is back online (or the upload was abandoned). */
function whenOnline(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('online', done);
      resolve();
    };
    window.addEventListener('online', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits `ms` before the next try; coming back online cuts it short. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Whether the server refused any of these files for good (its chip says why). */
export function anyRefused(ids: readonly string[]): boolean {
  return ids.some((id) => states.get(id)?.phase === 'failed');
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where the upload of attachment `id` stands, live; undefined before it is known. */
export function useUploadState(id: string): UploadState | undefined {
  return useSyncExternalStore(
    subscribe,
    () => states.get(id),
    () => undefined,
  );
}
