import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { requireServiceOrWarn } from './services.ts';
import { createScratchDatabase } from './test-databases.ts';
import { startTestServer } from './test-server.ts';

/** Two servers standing in for two processes that share one store; closed together. */
export type ServerPair = { first: RunningServer; second: RunningServer; close(): Promise<void> };

/** A way to start a pair, named after what the two share. */
export type ServerPairSetup = {
  name: string;
  start(env?: Record<string, string>): Promise<ServerPair>;
};

/**
 * The stores several processes can share, each as a pair of servers: Postgres (a scratch
 * database, a connection pool each) and Redis (on one embedded database). A store that is not
 * configured is left out with a warning, or fails the run in CI.
 */
export function serverPairSetups(): ServerPairSetup[] {
  const setups: ServerPairSetup[] = [];
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (
    requireServiceOrWarn(
      'Postgres',
      Boolean(postgresUrl),
      'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
    ) &&
    postgresUrl
  ) {
    setups.push({
      name: 'Postgres',
      async start(env = {}) {
        const scratch = await createScratchDatabase(postgresUrl);
        // A connection pool each, as two processes would have.
        const databases: DatabaseHandle[] = [
          await openDatabase({ url: scratch.url }),
          await openDatabase({ url: scratch.url }),
        ];
        const [first, second] = await Promise.all(
          databases.map((database) => startTestServer({ database, env })),
        );
        if (!first || !second) throw new Error('two servers were asked for');
        return {
          first,
          second,
          async close() {
            await Promise.all([first.close(), second.close()]);
            await Promise.all(databases.map((d) => d.close()));
            await scratch.drop();
          },
        };
      },
    });
  }
  const redisUrl = process.env.TEST_REDIS_URL;
  if (
    requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') &&
    redisUrl
  ) {
    setups.push({
      name: 'Redis',
      async start(env = {}) {
        const database = await openDatabase({ dataDir: undefined });
        const shared = { ...env, REDIS_URL: redisUrl };
        const first = await startTestServer({ database, env: shared });
        const second = await startTestServer({ database, env: shared });
        return {
          first,
          second,
          async close() {
            await Promise.all([first.close(), second.close()]);
            await database.close();
          },
        };
      },
    });
  }
  return setups;
}
