import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { requireServiceOrWarn } from '../../testing/services.ts';
import { databaseTargets } from '../../testing/test-databases.ts';
import { waitFor } from '../../testing/wait-for.ts';
import type { AttemptStore } from './attempt-store.ts';
import { createMemoryAttemptStore } from './memory-attempt-store.ts';
import { createPostgresAttemptStore } from './postgres-attempt-store.ts';
import { createRedisAttemptStore } from './redis-attempt-store.ts';

type Driver = {
  name: string;
  /** Opens two stores on the same state (two server processes), or one twice if per-process. */
  openPair(): Promise<{ first: AttemptStore; second: AttemptStore; close(): Promise<void> }>;
};

const drivers: Driver[] = [
  {
    name: 'memory',
    openPair: async () => {
      const store = createMemoryAttemptStore();
      return { first: store, second: store, close: () => store.close() };
    },
  },
  ...databaseTargets().map(
    (target): Driver => ({
      name: `postgres (${target.name})`,
      openPair: async () => {
        const database: DatabaseHandle = await target.open();
        return {
          first: createPostgresAttemptStore(database.db),
          second: createPostgresAttemptStore(database.db),
          close: () => database.close(),
        };
      },
    }),
  ),
];
const redisUrl = process.env.TEST_REDIS_URL;
if (
  requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') &&
  redisUrl
) {
  drivers.push({
    name: 'redis',
    openPair: async () => {
      // A prefix of its own: the Redis is shared with everything else that runs.
      const prefix = `test:auth-attempts:${randomUUID()}:`;
      const first = await createRedisAttemptStore(redisUrl, prefix);
      const second = await createRedisAttemptStore(redisUrl, prefix);
      return {
        first,
        second,
        close: async () => {
          await Promise.all([first.close(), second.close()]);
        },
      };
    },
  });
}

const minute = 60_000;

// The contract every attempt store driver keeps. One pair of stores per driver (opening a
// database is slow); each test counts under keys of its own.
describe.each(drivers)('attempt store contract: $name', ({ openPair }) => {
  let pair: Awaited<ReturnType<Driver['openPair']>> | undefined;
  const open = async () => {
    pair ??= await openPair();
    return { first: pair.first, second: pair.second, a: randomUUID(), b: randomUUID() };
  };
  afterAll(async () => {
    await pair?.close();
  });

  test('attempts are counted up to the limit, then refused until the window ends', async () => {
    const { first, a } = await open();
    for (let i = 0; i < 3; i++) expect(await first.take(a, 3, minute)).toEqual({ allowed: true });
    const refused = await first.take(a, 3, minute);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(minute);
  });

  test('a window runs from its first attempt: later ones, refused or not, do not move its end', async () => {
    const { first, a } = await open();
    expect(await first.take(a, 2, minute)).toEqual({ allowed: true });
    expect(await first.take(a, 2, 10 * minute)).toEqual({ allowed: true });
    const refused = await first.take(a, 2, 10 * minute);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.retryAfterMs).toBeLessThanOrEqual(minute);
  });

  test('each key is counted on its own', async () => {
    const { first, a, b } = await open();
    expect(await first.take(a, 1, minute)).toEqual({ allowed: true });
    expect((await first.take(a, 1, minute)).allowed).toBe(false);
    expect(await first.take(b, 1, minute)).toEqual({ allowed: true });
  });

  test('an attempt given back no longer counts, and nothing goes below zero', async () => {
    const { first, a } = await open();
    await first.giveBack(a);
    expect(await first.take(a, 2, minute)).toEqual({ allowed: true });
    expect(await first.take(a, 2, minute)).toEqual({ allowed: true });
    expect((await first.take(a, 2, minute)).allowed).toBe(false);
    await first.giveBack(a);
    expect(await first.take(a, 2, minute)).toEqual({ allowed: true });
    expect((await first.take(a, 2, minute)).allowed).toBe(false);
  });

  test('a cleared key starts again from nothing', async () => {
    const { first, a } = await open();
    expect(await first.take(a, 1, minute)).toEqual({ allowed: true });
    await first.clear(a);
    expect(await first.take(a, 1, minute)).toEqual({ allowed: true });
    expect((await first.take(a, 1, minute)).allowed).toBe(false);
  });

  test('when its window ends, a key is counted afresh', async () => {
    const { first, a } = await open();
    expect(await first.take(a, 1, 200)).toEqual({ allowed: true });
    // Refused while the short window lasts; once it ends, counted in a new (long) one.
    await waitFor(async () => ((await first.take(a, 1, minute)).allowed ? true : undefined), {
      what: 'the window to end',
    });
    expect((await first.take(a, 1, minute)).allowed).toBe(false);
  });

  test('attempts racing from two processes never count past the limit together', async () => {
    const { first, second, a } = await open();
    const verdicts = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? first : second).take(a, 5, minute)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
    // And what one counted, the other sees.
    await first.clear(a);
    expect(await second.take(a, 1, minute)).toEqual({ allowed: true });
    expect((await first.take(a, 1, minute)).allowed).toBe(false);
  });
});
