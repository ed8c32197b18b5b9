import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { type From, postAuth } from '../testing/auth-requests.ts';
import { signUp } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';

const wrongPassword = 'not the password at all';
const nobody = () => `nobody-${randomUUID()}@example.test`;
const signIn = (url: string, email: string, password: string, from?: From) =>
  postAuth(url, 'sign-in/email', { email, password }, from);

// Each test connects from loopback addresses of its own (the server sees 127.0.0.N as another
// client), so that what one test counts against an address never reaches another.
describe('signing in is limited per account and per client address', () => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let strict: RunningServer;
  let behindProxy: RunningServer;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    [server, strict, behindProxy] = await Promise.all([
      startTestServer({ database }),
      // Small address limits keep the tests that reach them short (each failure hashes).
      startTestServer({ database, env: { SIGN_IN_FAILURES_PER_ADDRESS: '5' } }),
      // Behind a proxy on 127.0.0.1.
      startTestServer({
        database,
        env: { TRUSTED_PROXY: '127.0.0.1', SIGN_IN_FAILURES_PER_ADDRESS: '5' },
      }),
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await strict?.close();
    await behindProxy?.close();
    await database?.close();
  });

  test('after fifty wrong passwords even the right one is refused, with 429, Retry-After and a message', async () => {
    const { url } = server;
    const victim = await signUp(url);
    const from = { address: '127.0.0.11' };
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await signIn(url, victim.email, wrongPassword, from)).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);

    const refused = await signIn(url, victim.email, victim.password, from);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    // What is left of the fifteen minutes since the first failure.
    expect(retryAfter).toBeGreaterThan(10 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(refused.body).toEqual({
      error: {
        code: 'too_many_requests',
        message: `Too many attempts; try again in ${Math.ceil(retryAfter / 60)} minutes.`,
      },
    });
    expect(refused.cookies.some((c) => c.includes('session_token='))).toBe(false);
    // The address is the account's too: another spelling of the email is the same account.
    const shouted = await signIn(url, victim.email.toUpperCase(), victim.password, {
      address: '127.0.0.12',
    });
    expect(shouted.status).toBe(429);
  });

  test('while one account is attacked, another signs in from the same address and from another', async () => {
    const { url } = server;
    const [victim, bystander] = [await signUp(url), await signUp(url)];
    const attacker = { address: '127.0.0.21' };
    for (let i = 0; i < 12; i++) await signIn(url, victim.email, wrongPassword, attacker);
    expect((await signIn(url, victim.email, victim.password, attacker)).status).toBe(429);

    const fromAttacker = await signIn(url, bystander.email, bystander.password, attacker);
    expect(fromAttacker.status).toBe(200);
    const elsewhere = await signIn(url, bystander.email, bystander.password, {
      address: '127.0.0.22',
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.cookies.some((c) => c.includes('session_token='))).toBe(true);
  });

  test('guessing the current password through a change of password is limited like signing in', async () => {
    const { url } = server;
    const person = await signUp(url);
    const from = { address: '127.0.0.25', cookie: person.cookie };
    const change = (currentPassword: string) =>
      postAuth(
        url,
        'change-password',
        { currentPassword, newPassword: 'a brand new passphrase' },
        from,
      );
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await change(wrongPassword)).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The right password is refused too, and so is signing in: they are the same guesses.
    expect((await change(person.password)).status).toBe(429);
    const signedIn = await signIn(url, person.email, person.password, { address: '127.0.0.25' });
    expect(signedIn.status).toBe(429);
    // The password was never changed.
    const elsewhere = await signIn(url, person.email, person.password, { address: '127.0.0.26' });
    expect(elsewhere.status).toBe(429);
  });

  test('a correct sign-in clears its account’s failures', async () => {
    const { url } = server;
    const person = await signUp(url);
    const from = { address: '127.0.0.31' };
    for (const round of [1, 2]) {
      for (let i = 0; i < 9; i++) {
        expect(
          (await signIn(url, person.email, wrongPassword, from)).status,
          `round ${round}`,
        ).toBe(401);
      }
      expect((await signIn(url, person.email, person.password, from)).status).toBe(200);
    }
  });

  test('one address spraying many accounts is stopped, whatever X-Forwarded-For it claims, and no one else is', async () => {
    const { url } = strict;
    const [target, bystander] = [await signUp(url), await signUp(url)];
    const sprayer = (i: number) => ({ address: '127.0.0.41', forwardedFor: `198.51.100.${i}` });
    for (let i = 0; i < 5; i++) {
      // A wrong email answers as a wrong password does, and counts against the address alike.
      expect((await signIn(url, nobody(), wrongPassword, sprayer(i))).status).toBe(401);
    }
    expect((await signIn(url, nobody(), wrongPassword, sprayer(100))).status).toBe(429);
    expect((await signIn(url, target.email, target.password, sprayer(101))).status).toBe(429);

    // Another address signs in to a different account, and to the sprayer's last target.
    const elsewhere = { address: '127.0.0.42' };
    expect((await signIn(url, bystander.email, bystander.password, elsewhere)).status).toBe(200);
    expect((await signIn(url, target.email, target.password, elsewhere)).status).toBe(200);
  });

  test('behind a trusted proxy each forwarded client is counted on its own, however it pads the header', async () => {
    const { url } = behindProxy;
    const person = await signUp(url);
    const proxy = '127.0.0.1';
    // The proxy appends the address it saw; what the client wrote itself stays on the left.
    const client = (padding: string) => ({ address: proxy, forwardedFor: `${padding}203.0.113.5` });
    for (let i = 0; i < 5; i++) {
      expect((await signIn(url, nobody(), wrongPassword, client(`10.9.9.${i}, `))).status).toBe(
        401,
      );
    }
    expect((await signIn(url, person.email, person.password, client('10.9.9.77, '))).status).toBe(
      429,
    );
    // Another client behind the same proxy is not held back.
    const other = { address: proxy, forwardedFor: '203.0.113.6' };
    expect((await signIn(url, person.email, person.password, other)).status).toBe(200);
    // A peer that is not the proxy is counted as itself, whatever it forwards.
    const direct = { address: '127.0.0.51', forwardedFor: '203.0.113.6' };
    const signedIn = await signIn(url, person.email, person.password, direct);
    expect(signedIn.status).toBe(200);

    // Sessions record the address the server believed, not the one a client claimed.
    const cookie = signedIn.cookies.map((c) => c.split(';')[0]).join('; ');
    const sessions = await fetch(`${url}/api/auth/list-sessions`, { headers: { cookie } });
    const addresses = ((await sessions.json()) as { ipAddress: string | null }[]).map(
      (s) => s.ipAddress,
    );
    expect(addresses).toContain('203.0.113.6');
    expect(addresses).toContain('127.0.0.51');
  });

  test('creating accounts from one address is limited, and other addresses still can', async () => {
    const { url } = behindProxy;
    const from = { address: '127.0.0.1', forwardedFor: '203.0.113.60' };
    const create = (who: From) =>
      postAuth(
        url,
        'sign-up/email',
        { email: nobody(), password: 'long enough pw', name: 'N' },
        who,
      );
    for (let i = 0; i < 20; i++) expect((await create(from)).status).toBe(200);
    const refused = await create(from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await create({ address: '127.0.0.1', forwardedFor: '203.0.113.61' })).status).toBe(200);
  });

  test('a sign-in sent as a form is refused, so the account it names is never guessed uncounted', async () => {
    const { url } = server;
    const person = await signUp(url);
    const response = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: new URLSearchParams({ email: person.email, password: person.password }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);
  });
});
