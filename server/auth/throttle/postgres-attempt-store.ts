import { eq, lte, sql } from 'drizzle-orm';
import { authAttempt } from '../../db/auth-attempt-schema.ts';
import type { Database } from '../../db/database.ts';
import type { AttemptStore, AttemptVerdict } from './attempt-store.ts';

/** Ended windows are swept at most this often, by whichever attempt comes along. */
const sweepEveryMs = 60_000;

/**
 * Attempts counted in the database every server process shares. Each take is one upsert that
 * counts only below the limit, so concurrent attempts never count past it; windows are timed
 * by the database's clock, which every process agrees on.
 */
export function createPostgresAttemptStore(db: Database): AttemptStore {
  let lastSweep = 0;
  const sweep = async () => {
    if (Date.now() - lastSweep < sweepEveryMs) return;
    lastSweep = Date.now();
    await db.delete(authAttempt).where(lte(authAttempt.resetAt, sql`now()`));
  };
  const ended = sql`${authAttempt.resetAt} <= now()`;

  async function take(key: string, limit: number, windowMs: number): Promise<AttemptVerdict> {
    const counted = await db
      .insert(authAttempt)
      .values({ key, count: 1, resetAt: sql`now() + ${windowMs} * interval '1 millisecond'` })
      .onConflictDoUpdate({
        target: authAttempt.key,
        set: {
          count: sql`case when ${ended} then 1 else ${authAttempt.count} + 1 end`,
          resetAt: sql`case when ${ended} then excluded.reset_at else ${authAttempt.resetAt} end`,
        },
        setWhere: sql`${ended} or ${authAttempt.count} < ${limit}`,
      })
      .returning({ key: authAttempt.key });
    if (counted.length > 0) return { allowed: true };
    const [row] = await db
      .select({
        retryAfterMs: sql<number>`ceil(extract(epoch from ${authAttempt.resetAt} - now()) * 1000)::int`,
      })
      .from(authAttempt)
      .where(eq(authAttempt.key, key));
    // The window ended (or was cleared) between the two statements: count afresh.
    if (!row || row.retryAfterMs <= 0) return take(key, limit, windowMs);
    return { allowed: false, retryAfterMs: row.retryAfterMs };
  }

  return {
    driver: 'postgres',
    async take(key, limit, windowMs) {
      await sweep();
      return take(key, limit, windowMs);
    },
    async giveBack(key) {
      await db
        .update(authAttempt)
        .set({ count: sql`${authAttempt.count} - 1` })
        .where(sql`${authAttempt.key} = ${key} and ${authAttempt.count} > 0 and not ${ended}`);
    },
    async clear(key) {
      await db.delete(authAttempt).where(eq(authAttempt.key, key));
    },
    // The database is the server's to close.
    async close() {},
  };
}
