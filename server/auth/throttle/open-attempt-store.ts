import type { DatabaseHandle } from '../../db/database.ts';
import type { AttemptStore } from './attempt-store.ts';
import { createMemoryAttemptStore } from './memory-attempt-store.ts';
import { createPostgresAttemptStore } from './postgres-attempt-store.ts';
import { createRedisAttemptStore } from './redis-attempt-store.ts';

/**
 * Where attempts are counted: Redis when `REDIS_URL` is set, else a Postgres server (shared by
 * every process), else this process's memory (PGlite serves one process anyway), by `now`.
 */
export function openAttemptStore(
  redisUrl: string | undefined,
  database: DatabaseHandle,
  now?: (() => number) | undefined,
): Promise<AttemptStore> {
  if (redisUrl) return createRedisAttemptStore(redisUrl);
  if (database.driver === 'postgres' || database.driver === 'neon')
    return Promise.resolve(createPostgresAttemptStore(database.db));
  return Promise.resolve(createMemoryAttemptStore(now));
}
