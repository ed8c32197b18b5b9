/**
 * Where an answer's chunks live while it is generated and for a grace period after, addressed
 * by offset: chunk `n` of a stream has offset `n`. Readers on any server process resume at any
 * offset, so a reload, a dropped network and a second device are the same case.
 */
export interface ChunkStore {
  readonly driver: 'memory' | 'redis' | 'upstash';
  /**
   * Appends one chunk and returns its offset. Appending to a finished stream is an error.
   *
   * With `at`, the offset the chunk must take, the stream's one writer can send an append
   * again when it does not know whether it landed (a connection lost mid-command): if the
   * stream already holds a chunk at `at`, nothing changes; if it holds fewer than `at` (the
   * store lost chunks, e.g. a Redis restarted without persistence), `StreamGapError`.
   */
  append(streamId: string, chunk: string, at?: number | undefined): Promise<number>;
  /** Chunks from `offset` on, at most `limit` of them, in order. */
  read(streamId: string, offset: number, limit: number): Promise<string[]>;
  /**
   * Marks the stream finished with a final record (the final status, as JSON) and lets the
   * store drop it after `graceMs`.
   */
  finish(streamId: string, final: string, graceMs: number): Promise<void>;
  /** The final record, or null while the stream is live (or unknown, or expired). */
  getFinal(streamId: string): Promise<string | null>;
  /** How many chunks the stream holds (0 for an unknown stream). */
  length(streamId: string): Promise<number>;
  /**
   * Calls `listener` after each append (with the chunk and its offset) and at finish. Nudges
   * are hints, at most once: a watcher that misses one, or sees a gap, reads the store.
   * Resolves once the watch is live.
   */
  watch(streamId: string, listener: (nudge: ChunkNudge) => void): Promise<() => Promise<void>>;
  /** Whether the shared store answers now (health checks); the in-process one always does. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** What a watcher hears: a chunk just appended, or that the stream finished. */
export type ChunkNudge = { offset: number; chunk: string } | 'final';

/** Raised when a chunk is appended to a stream that has already finished. */
export class StreamFinishedError extends Error {
  override name = 'StreamFinishedError';
}

/** Raised when a chunk is appended at an offset past the stream's end: chunks were lost. */
export class StreamGapError extends Error {
  override name = 'StreamGapError';
}
