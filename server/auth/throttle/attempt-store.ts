/** Whether an attempt may go ahead; if not, how long until its window ends. */
export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Attempts counted per key in fixed windows: a window opens with the first attempt counted
 * under its key and lasts `windowMs`, after which counting starts again from nothing. One
 * interface, three drivers (memory, Postgres, Redis), one contract test (attempt-store.test.ts).
 * Every operation is atomic, so processes sharing a store never count past a limit together.
 * It counts sign-in attempts (auth-throttle.ts) and answers started on the operator's key
 * (server/inference/message-limits.ts), under keys of their own.
 */
export type AttemptStore = {
  readonly driver: 'memory' | 'postgres' | 'redis';
  /** Counts one attempt under `key`, unless `limit` are already counted in its window. */
  take(key: string, limit: number, windowMs: number): Promise<AttemptVerdict>;
  /** Uncounts one attempt that turned out not to count (a success, a malformed request). */
  giveBack(key: string): Promise<void>;
  /** Forgets every attempt counted under `key`. */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
};
