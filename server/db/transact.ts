import type { Database, Transaction } from './database.ts';

// Postgres asks us to retry on serialization failures and deadlocks.
const retryableCodes = new Set(['40001', '40P01']);
// A user's writes all take the next value of the user's change counter (decision 007), so one
// person's devices pushing at once conflict and retry: enough attempts for a few dozen at once.
const maxAttempts = 30;
const maxBackoffMs = 50;

/**
 * Runs `work` in a REPEATABLE READ transaction, retrying it when Postgres reports a
 * serialization failure or deadlock (Replicache's push and pull rely on this isolation).
 */
export function transact<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return retryOnConflict(() => db.transaction(work, { isolationLevel: 'repeatable read' }));
}

/**
 * Runs `work` again, after a short jittered wait, while Postgres reports a serialization
 * failure or a deadlock. Single statements need it too: every write to a person's rows also
 * takes their change counter, so a statement can deadlock with a push of theirs.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      const backoffMs = Math.min(maxBackoffMs, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * backoffMs));
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code !== undefined && retryableCodes.has(code);
}

/** The SQLSTATE of a Postgres error, looking through drizzle's wrapping. */
export function postgresErrorCode(error: unknown): string | undefined {
  return postgresErrorField(error, 'code');
}

/** The constraint a Postgres error names (a name from the schema, never a row's values). */
export function postgresConstraint(error: unknown): string | undefined {
  return postgresErrorField(error, 'constraint');
}

function postgresErrorField(error: unknown, field: 'code' | 'constraint'): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string') {
      const value: unknown = Reflect.get(e, field);
      return typeof value === 'string' ? value : undefined;
    }
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}
