import { and, asc, count, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { type ClaimedRun, claimRun } from './run-rows.ts';

// The database is the queue: an answer waits as `pending` until a process claims it, and a
// person's answers running now are their `streaming` rows whose lease is live (a lapsed one's
// process died). Every process counts the same rows, so the cap holds across processes. An
// answer still waiting for its message's uploads is not waiting for a process yet.

const waitingAnswers = and(
  eq(message.status, 'pending'),
  eq(message.role, 'assistant'),
  isNotNull(message.runId),
  isNull(message.awaitingAttachments),
);

/**
 * Claims the person's oldest waiting answers for this process, as many as `cap` leaves room
 * for beside those running. Counting and claiming happen under a lock per person, so two
 * processes claiming at once cannot both see room for the same slot.
 */
export function claimWaitingRuns(
  db: Database,
  userId: string,
  owner: string,
  leaseMs: number,
  cap: number,
): Promise<ClaimedRun[]> {
  return retryOnConflict(() =>
    db.transaction(async (tx) => {
      const lock = `parley:runs:${userId}`;
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lock}, 0))`);
      const [running] = await tx
        .select({ runs: count() })
        .from(message)
        .where(
          and(
            eq(message.userId, userId),
            eq(message.status, 'streaming'),
            gt(message.leaseExpiresAt, new Date()),
          ),
        );
      const room = cap - (running?.runs ?? 0);
      if (room <= 0) return [];
      const next = await tx
        .select({ id: message.id })
        .from(message)
        .where(and(eq(message.userId, userId), waitingAnswers))
        .orderBy(asc(message.createdAt), asc(message.order), asc(message.id))
        .limit(room);
      const claimed: ClaimedRun[] = [];
      for (const { id } of next) {
        const run = await claimRun(tx, id, owner, leaseMs);
        if (run) claimed.push(run);
      }
      return claimed;
    }),
  );
}

/**
 * The people with answers waiting and room under `cap` to start one: answers accepted while
 * no process started them (it died, or the person was at their cap), for a sweep to start.
 */
export async function peopleWithWaitingAnswers(
  db: Database,
  cap: number,
  limit = 100,
): Promise<string[]> {
  const now = new Date().toISOString();
  const rows = await db
    .selectDistinct({ userId: message.userId })
    .from(message)
    .where(
      and(
        waitingAnswers,
        sql`(select count(*) from ${message} as live where live.user_id = ${message.userId}
          and live.status = 'streaming' and live.lease_expires_at > ${now}::timestamptz) < ${cap}`,
      ),
    )
    .limit(limit);
  return rows.map((row) => row.userId);
}
