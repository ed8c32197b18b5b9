import type { LogSink } from 'replicache';

type Listener = () => void;

let full = false;
const listeners = new Set<Listener>();

/** Whether a write on this device was refused for lack of space since the page loaded. */
export function isStorageFull(): boolean {
  return full;
}

export function watchStorageFull(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records that a write was refused for lack of space, if `error` says so. */
export function noteStorageError(error: unknown): void {
  if (full || !isQuotaError(error)) return;
  full = true;
  for (const listener of listeners) listener();
}

function isQuotaError(value: unknown): boolean {
  if (value instanceof Error || value instanceof DOMException) {
    return value.name === 'QuotaExceededError' || /quota/i.test(value.message);
  }
  return typeof value === 'string' && /QuotaExceeded/i.test(value);
}

/**
 * Replicache reports failed writes to IndexedDB through its log rather than to the caller (they
 * happen in the background): this sink listens there for a full disk.
 */
export const storageTroubleLogSink: LogSink = {
  log(_level, _context, ...args) {
    for (const arg of args) noteStorageError(arg);
  },
};
