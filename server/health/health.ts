import { sql } from 'drizzle-orm';
import type { Database, DatabaseDriver } from '../db/database.ts';
import type { Registry } from '../observability/metrics-registry.ts';
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
export type DependencyStatus = 'ok' | 'degraded';
const dependencies: readonly Dependency[] = ['database', 'chunkStore', 'pubsub'];

/** Whether each dependency answered its check (`select 1`, a ping) within two seconds. */
export async function checkDependencies(
  deps: HealthDeps,
): Promise<Record<Dependency, DependencyStatus>> {
  const [database, chunkStore, pubsub] = await Promise.all(
    [
      () => deps.db.execute(sql`select 1`).then(() => true),
      () => deps.chunks.reachable(),
      () => deps.pubsub.reachable(),
    ].map(answersInTime),
  );
  const status = (up: boolean | undefined): DependencyStatus => (up ? 'ok' : 'degraded');
  return { database: status(database), chunkStore: status(chunkStore), pubsub: status(pubsub) };
}

/**
 * `GET /api/health`: the driver of each dependency, whether each answers now (`checks`), and
 * overall `status`. Without the database nothing works, so it answers 503 and a load balancer
 * takes the process out. A process whose Redis is away still serves (answers finish from the
 * database, decision 043): it answers 200 with `status: 'degraded'`, so a Redis outage does not
 * take every process out at once. Only drivers' names are shown, never where they connect.
 */
export async function checkHealth(deps: HealthDeps) {
  const checks = await checkDependencies(deps);
  const degraded = dependencies.filter((name) => checks[name] !== 'ok');
  return {
    httpStatus: checks.database === 'ok' ? (200 as const) : (503 as const),
    body: {
      status: degraded.length === 0 ? ('ok' as const) : ('degraded' as const),
      ok: degraded.length === 0,
      database: deps.databaseDriver,
      chunkStore: deps.chunks.driver,
      pubsub: deps.pubsub.driver,
      checks,
      degraded,
    },
  };
}

/** `parley_dependency_up`: 1 or 0 per dependency, checked when the metrics are scraped. */
export function registerHealthGauge(registry: Registry, deps: HealthDeps): void {
  registry.gauge(
    'parley_dependency_up',
    'Whether a dependency answered its health check at scrape time (1) or not (0), by dependency.',
    async (set) => {
      const checks = await checkDependencies(deps);
      for (const [dependency, status] of Object.entries(checks)) {
        set(status === 'ok' ? 1 : 0, { dependency });
      }
    },
  );
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
