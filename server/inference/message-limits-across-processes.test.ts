import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { pushClient } from '../testing/push-client.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { signUp } from '../testing/test-accounts.ts';
import { createScratchDatabase } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';

type Pair = { first: RunningServer; second: RunningServer; close(): Promise<void> };
type Setup = { name: string; start(env: Record<string, string>): Promise<Pair> };
const setups: Setup[] = [];

const redisUrl = process.env.TEST_REDIS_URL;
if (
  requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') &&
  redisUrl
) {
  setups.push({
    name: 'Redis',
    async start(env) {
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
    async start(env) {
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

describe.each(setups)('message limits in server processes sharing $name', ({ start }) => {
  let openRouter: FakeOpenRouter;
  let pair: Pair | undefined;
  beforeAll(async () => {
    openRouter = await startFakeOpenRouter();
  });
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });
  afterAll(async () => {
    await openRouter?.close();
  });

  test('a person’s answers count together, whichever process runs them', async () => {
    pair = await start({
      OPENROUTER_API_KEY: 'sk-or-operator',
      OPENROUTER_BASE_URL: openRouter.baseUrl,
      RATE_LIMIT_MESSAGES_PER_HOUR: '2',
    });
    const { first, second } = pair;
    const account = await signUp(first.url);
    const ask = async (server: RunningServer, content: string) => {
      const client = pushClient(server.url, account.cookie);
      const { answerId } = await client.ask(content, model);
      return waitFor(
        async () => {
          const found = (await client.messages()).find((m) => m.id === answerId);
          return found && !['pending', 'streaming'].includes(found.status) ? found : undefined;
        },
        { what: `answer to “${content}”` },
      );
    };

    expect((await ask(first, 'One')).status).toBe('done');
    expect((await ask(second, 'Two')).status).toBe('done');
    for (const server of [first, second]) {
      const refused = await ask(server, 'Three');
      expect(refused.status).toBe('error');
      expect(refused.error).toMatch(/^You've reached the limit of 2 messages an hour/);
      expect(refused.limitResetsAt).toBeGreaterThan(Date.now());
    }
  });
});
