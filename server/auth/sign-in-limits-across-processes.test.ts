import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type From, postAuth } from '../testing/auth-requests.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { type ServerPair, serverPairSetups } from '../testing/server-pairs.ts';

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

const setups = serverPairSetups();

describe.each(setups)('server processes sharing $name', ({ start }) => {
  let pair: ServerPair | undefined;
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
