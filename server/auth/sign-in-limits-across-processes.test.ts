import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type From, postAuth } from '../testing/auth-requests.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { type ManyProcesses, startManyProcesses } from '../testing/many-processes.ts';
import { type ServerPair, serverPairSetups } from '../testing/server-pairs.ts';
import { hasSharedStores } from '../testing/services.ts';

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

/**
 * Ten wrong passwords for one account, the nth sent to `urls[n % urls.length]` (a process, or
 * a proxy that sends each request to the next one), then the eleventh and the right password:
 * both refused, wherever they land.
 */
async function failuresCountTogether(urls: readonly string[]) {
  const at = (n: number) => urls[n % urls.length] as string;
  const from = { address: freshAddress() };
  const email = await createAccount(at(0), from);
  for (let i = 0; i < 10; i++) {
    expect((await signIn(at(i), email, wrongPassword, from)).status).toBe(401);
  }
  expect((await signIn(at(10), email, wrongPassword, from)).status).toBe(429);
  expect((await signIn(at(11), email, password, from)).status).toBe(429);
}

const setups = serverPairSetups();

describe.each(setups)('server processes sharing $name', ({ start }) => {
  let pair: ServerPair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  test('an account’s failures count together, whichever process each reached', async () => {
    pair = await start();
    await failuresCountTogether([pair.first.url, pair.second.url]);
  });
});

describe.runIf(hasSharedStores())('three processes behind a round-robin proxy', () => {
  let app: ManyProcesses | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('an account’s failures count together as its attempts go to each process in turn', async () => {
    app = await startManyProcesses();
    await failuresCountTogether([app.url]);
    const signIns = app.proxy.routed.filter((r) => r.path === '/api/auth/sign-in/email');
    expect(new Set(signIns.map((r) => r.target)).size).toBe(3);
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
