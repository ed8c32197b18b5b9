import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { type RunningServer, startServer } from '../start-server.ts';
import { appRequestHeaders } from '../testing/push-client.ts';
import { signUp } from '../testing/test-accounts.ts';

const secrets = {
  BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
  KEY_ENCRYPTION_SECRET: 'test-key-secret-test-key-secret-test-0123',
};

async function serverWith(env: Record<string, string>) {
  const database = await openDatabase({ dataDir: undefined });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-auth-')),
    ...secrets,
    ...env,
  });
  const server = await startServer({ config, database });
  return { server, database };
}

describe('accounts', () => {
  let plain: { server: RunningServer; database: DatabaseHandle };
  let withProviders: { server: RunningServer; database: DatabaseHandle };

  beforeAll(async () => {
    [plain, withProviders] = await Promise.all([
      serverWith({}),
      serverWith({
        GITHUB_CLIENT_ID: 'gh-client',
        GITHUB_CLIENT_SECRET: 'gh-secret',
        GOOGLE_CLIENT_ID: 'google-client',
        GOOGLE_CLIENT_SECRET: 'google-secret',
      }),
    ]);
  });
  afterAll(async () => {
    for (const s of [plain, withProviders]) {
      await s?.server.close();
      await s?.database.close();
    }
  });

  test('the session cookie is httpOnly and SameSite=Lax, and not Secure over plain http', async () => {
    const account = await signUp(plain.server.url);
    const response = await fetch(`${plain.server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: plain.server.url },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token'));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  test('a session is refused as soon as it is signed out, though it was just used (and remembered)', async () => {
    const { url } = plain.server;
    const account = await signUp(url, 'Leaver');
    const pull = () =>
      fetch(`${url}/api/replicache/pull`, {
        method: 'POST',
        headers: appRequestHeaders(url, account.cookie),
        body: JSON.stringify({
          pullVersion: 1,
          schemaVersion: '',
          profileID: 'p',
          clientGroupID: 'leaver-group',
          cookie: null,
        }),
      });
    expect((await pull()).status).toBe(200);
    expect((await pull()).status).toBe(200);

    const signOut = await fetch(`${url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: account.cookie, origin: url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signOut.status).toBe(200);
    expect((await pull()).status).toBe(401);
  });

  test('signing in with the wrong password fails and sets no session', async () => {
    const account = await signUp(plain.server.url);
    const response = await fetch(`${plain.server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: plain.server.url },
      body: JSON.stringify({ email: account.email, password: 'wrong password' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(false);
  });

  test('a request carrying the session cookie from a foreign origin is refused (CSRF)', async () => {
    const account = await signUp(plain.server.url);
    const response = await fetch(`${plain.server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
        cookie: account.cookie,
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    const session = await fetch(`${plain.server.url}/api/auth/get-session`, {
      headers: { cookie: account.cookie },
    });
    expect(await session.json()).toMatchObject({ user: { email: account.email } });
  });

  test('social providers are offered only when configured', async () => {
    const offered = async (url: string): Promise<unknown> =>
      (await fetch(`${url}/api/config`)).json();
    expect(await offered(plain.server.url)).toMatchObject({
      providers: { github: false, google: false },
    });
    expect(await offered(withProviders.server.url)).toMatchObject({
      providers: { github: true, google: true },
    });
  });

  test('a configured provider sends the person to its authorisation page with our client id', async () => {
    for (const [provider, host, clientId] of [
      ['github', 'github.com', 'gh-client'],
      ['google', 'accounts.google.com', 'google-client'],
    ] as const) {
      const response = await fetch(`${withProviders.server.url}/api/auth/sign-in/social`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: withProviders.server.url },
        body: JSON.stringify({ provider, callbackURL: '/' }),
      });
      expect(response.status).toBe(200);
      const { url } = (await response.json()) as { url: string };
      const target = new URL(url);
      expect(target.host).toBe(host);
      expect(target.searchParams.get('client_id')).toBe(clientId);
      expect(target.searchParams.get('redirect_uri')).toBe(
        `${withProviders.server.url}/api/auth/callback/${provider}`,
      );
    }
    const refused = await fetch(`${plain.server.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: plain.server.url },
      body: JSON.stringify({ provider: 'github', callbackURL: '/' }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
  });
});
