import { sql } from 'drizzle-orm';
import type { Database, DatabaseDriver } from '../db/database.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { ChunkStore } from '../streams/chunk-store.ts';

/** How long each dependency has to answer a health check. */
const answerWithinMs = 2_000;

export type HealthDeps = {
  db: Database;
  databaseDriver: DatabaseDriver;
  chunks: ChunkStore;
  pubsub: PubSub;
};

/** The parts a health check names, as its fields do. */
export type Dependency = 'database' | 'chunkStore' | 'pubsub';

/**
 * `GET /api/health`: the driver of each dependency, and which of them do not answer now.
 * Always a 200: a process whose Redis is away still serves (answers finish from the database),
 * so a load balancer must not take every process out at once; `ok: false` and `degraded` say
 * what an operator should look at.
 */
export async function checkHealth(deps: HealthDeps) {
  const checks: [Dependency, () => Promise<boolean>][] = [
    ['database', () => deps.db.execute(sql`select 1`).then(() => true)],
    ['chunkStore', () => deps.chunks.reachable()],
    ['pubsub', () => deps.pubsub.reachable()],
  ];
  const answers = await Promise.all(checks.map(([, check]) => answersInTime(check)));
  const degraded = checks.flatMap(([name], index) => (answers[index] ? [] : [name]));
  return {
    ok: degraded.length === 0,
    database: deps.databaseDriver,
    chunkStore: deps.chunks.driver,
    pubsub: deps.pubsub.driver,
    degraded,
  };
}

async function answersInTime(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), answerWithinMs);
  });
  try {
    return await Promise.race([check().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
