import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { type From, postAuth } from '../testing/auth-requests.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { createScratchDatabase } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';

const password = 'correct horse battery';
const wrongPassword = 'not the password at all';
// A loopback address of this run's own: Redis is shared, and its counts outlive the test.
const freshAddress = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;

async function createAccount(url: string, from: From) {
  const email = `person-${randomUUID()}@example.test`;
  const created = await postAuth(url, 'sign-up/email', { email, password, name: 'P' }, from);
  expect(created.status).toBe(200);
  return email;
}
const signIn = (url: string, email: string, secret: string, from: From) =>
  postAuth(url, 'sign-in/email', { email, password: secret }, from);

type Pair = { first: RunningServer; second: RunningServer; close(): Promise<void> };
const setups: { name: string; start(): Promise<Pair> }[] = [];

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
    async start() {
      const scratch = await createScratchDatabase(postgresUrl);
      // A connection pool each, as two processes would have.
      const databases: DatabaseHandle[] = [
        await openDatabase({ url: scratch.url }),
        await openDatabase({ url: scratch.url }),
      ];
      const [first, second] = await Promise.all(
        databases.map((database) => startTestServer({ database })),
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
    async start() {
      const database = await openDatabase({ dataDir: undefined });
      const env = { REDIS_URL: redisUrl };
      const [first, second] = await Promise.all([
        startTestServer({ database, env }),
        startTestServer({ database, env }),
      ]);
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

describe.each(setups)('server processes sharing $name', ({ start }) => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  test('an account’s failures count together, whichever process each reached', async () => {
    pair = await start();
    const { first, second } = pair;
    const from = { address: freshAddress() };
    const email = await createAccount(first.url, from);
    for (const server of [first, second]) {
      for (let i = 0; i < 5; i++) {
        expect((await signIn(server.url, email, wrongPassword, from)).status).toBe(401);
      }
    }
    expect((await signIn(first.url, email, wrongPassword, from)).status).toBe(429);
    expect((await signIn(second.url, email, password, from)).status).toBe(429);
  });
});

describe('in production', () => {
  let child: ChildServer | undefined;
  afterEach(async () => {
    if (child) await killChild(child.process);
  });

  test('one client’s failures do not lock everybody else out', async () => {
    child = await startChildServer({
      NODE_ENV: 'production',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-production-')),
      BETTER_AUTH_SECRET: 'production-test-secret-production-test-01',
      KEY_ENCRYPTION_SECRET: 'production-test-key-production-test-key-1',
    });
    const { url } = child;
    const attacker = { address: '127.0.0.61' };
    const bystander = { address: '127.0.0.62' };
    const [target, own] = [await createAccount(url, attacker), await createAccount(url, bystander)];
    for (let i = 0; i < 4; i++) await signIn(url, target, wrongPassword, attacker);
    const signedIn = await signIn(url, own, password, bystander);
    expect(signedIn.status).toBe(200);
  });
});
