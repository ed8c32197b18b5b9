import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import { handleError } from './error-handler.ts';
import { requireSameOrigin } from './same-origin.ts';

describe('state-changing requests from outside the app', () => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({ database });
    alice = await signUp(server.url, 'Alice');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  // Each push from a client of its own: a refused push leaves its mutation unapplied.
  let pushes = 0;
  const pushBody = (title: string) =>
    JSON.stringify({
      pushVersion: 1,
      schemaVersion: '',
      profileID: 'p',
      clientGroupID: 'csrf-group',
      mutations: [
        {
          id: 1,
          clientID: `csrf-client-${++pushes}`,
          name: 'createConversation',
          args: { id: `conv-${pushes}`, title, model: DEMO_MODEL_ID, createdAt: 1 },
          timestamp: 1,
        },
      ],
    });
  const pullBody = JSON.stringify({
    pullVersion: 1,
    schemaVersion: '',
    profileID: 'p',
    clientGroupID: 'csrf-reader',
    cookie: null,
  });
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/replicache/${path}`, {
      method: 'POST',
      headers: { cookie: alice.cookie, ...headers },
      body,
    });
  const titles = async () =>
    (await pushClient(server.url, alice.cookie).conversations()).map((c) => c.title);

  test.each([
    [
      'a page on another origin',
      { origin: 'http://evil.test', 'content-type': 'application/json' },
    ],
    [
      'a sibling port of the host',
      { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' },
    ],
    ['an opaque origin', { origin: 'null', 'content-type': 'application/json' }],
    ['a text/plain body from the app', { origin: 'SELF', 'content-type': 'text/plain' }],
    [
      'a form post from the app',
      { origin: 'SELF', 'content-type': 'application/x-www-form-urlencoded' },
    ],
    ['no content type', { origin: 'SELF' }],
    [
      'no origin, sent from the same site',
      { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
    ],
    ['no origin and no fetch metadata', { 'content-type': 'application/json' }],
  ])('a push from %s is refused with 403 and writes nothing', async (_, given) => {
    const headers = Object.fromEntries(
      Object.entries(given).map(([name, value]) => [name, value === 'SELF' ? server.url : value]),
    );
    const before = await titles();
    const response = await post('push', pushBody('Forged'), headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.any(String) },
    });
    expect(await titles()).toEqual(before);
  });

  test('a pull from another origin is refused with 403', async () => {
    const response = await post('pull', pullBody, {
      origin: 'http://evil.test',
      'content-type': 'application/json',
    });
    expect(response.status).toBe(403);
  });

  test('the app itself pushes and pulls: by Origin, or by Sec-Fetch-Site without one', async () => {
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(
      (await post('push', pushBody('By origin'), { ...json, origin: server.url })).status,
    ).toBe(200);
    const sameOrigin = { ...json, 'sec-fetch-site': 'same-origin' };
    expect((await post('push', pushBody('By fetch metadata'), sameOrigin)).status).toBe(200);
    expect((await post('pull', pullBody, sameOrigin)).status).toBe(200);
    expect(await titles()).toEqual(expect.arrayContaining(['By origin', 'By fetch metadata']));
  });

  test('the loopback alias of the server and the dev server are the app too, outside production', async () => {
    const port = new URL(server.url).port;
    for (const origin of [`http://localhost:${port}`, 'http://localhost:5173']) {
      const response = await post('pull', pullBody, { origin, 'content-type': 'application/json' });
      expect(response.status).toBe(200);
    }
  });

  test('an unknown endpoint written to from another origin is refused before it is looked up', async () => {
    const response = await fetch(`${server.url}/api/anything-added-later`, {
      method: 'DELETE',
      headers: { cookie: alice.cookie, origin: 'http://evil.test' },
    });
    expect(response.status).toBe(403);
  });

  test('Better Auth keeps its own origin check: signing up from the app still works', async () => {
    await expect(signUp(server.url, 'Bob')).resolves.toMatchObject({ cookie: expect.any(String) });
  });
});

describe('a file upload carries its own bytes, so its origin is what protects it', () => {
  const app = new Hono();
  app.onError(handleError);
  app.use(
    '*',
    requireSameOrigin(['https://chat.example.test'], {
      binaryUpload: (method, path) => method === 'PUT' && path.startsWith('/upload/'),
    }),
  );
  app.put('/upload/:id', (c) => c.json({ ok: true }));
  app.put('/write', (c) => c.json({ ok: true }));
  const put = (path: string, headers: Record<string, string>) =>
    app.request(path, { method: 'PUT', headers, body: 'bytes' });
  const fromApp = { origin: 'https://chat.example.test' };

  test.each([
    'application/octet-stream',
    'image/png',
    'image/jpeg',
    'image/webp',
    'image/gif',
    'application/pdf',
  ])('an upload of %s from the app is let through', async (type) => {
    expect((await put('/upload/a', { ...fromApp, 'content-type': type })).status).toBe(200);
  });

  test('an upload without Origin is let through only when fetch metadata says same-origin', async () => {
    const binary = { 'content-type': 'application/octet-stream' };
    expect((await put('/upload/a', { ...binary, 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    );
    expect((await put('/upload/a', { ...binary, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await put('/upload/a', binary)).status).toBe(403);
  });

  test.each([
    ['another origin', { origin: 'https://evil.test', 'content-type': 'image/png' }],
    ['an opaque origin', { origin: 'null', 'content-type': 'image/png' }],
    ['the plain-http twin', { origin: 'http://chat.example.test', 'content-type': 'image/png' }],
    // What a form on any page can send without asking first: never an upload.
    ['a form', { ...fromApp, 'content-type': 'multipart/form-data; boundary=x' }],
    ['an urlencoded form', { ...fromApp, 'content-type': 'application/x-www-form-urlencoded' }],
    ['a text/plain body', { ...fromApp, 'content-type': 'text/plain' }],
    ['an HTML body', { ...fromApp, 'content-type': 'text/html' }],
    ['an SVG body', { ...fromApp, 'content-type': 'image/svg+xml' }],
    ['no content type', fromApp],
  ])('an upload from %s is refused', async (_, headers) => {
    expect((await put('/upload/a', headers)).status).toBe(403);
  });

  test('a binary body anywhere but an upload is refused, even from the app', async () => {
    expect((await put('/write', { ...fromApp, 'content-type': 'image/png' })).status).toBe(403);
    expect((await put('/write', { ...fromApp, 'content-type': 'application/json' })).status).toBe(
      200,
    );
  });
});

describe('a plain form the app names posts from the app, and from nowhere else', () => {
  const app = new Hono();
  app.onError(handleError);
  app.use(
    '*',
    requireSameOrigin(['https://chat.example.test'], {
      formPost: (method, path) => method === 'POST' && path === '/form',
    }),
  );
  app.post('/form', (c) => c.json({ ok: true }));
  app.post('/write', (c) => c.json({ ok: true }));
  const form = 'application/x-www-form-urlencoded';
  const post = (path: string, headers: Record<string, string>) =>
    app.request(path, { method: 'POST', headers, body: '' });

  test('the form from the app’s page is let through', async () => {
    expect(
      (await post('/form', { origin: 'https://chat.example.test', 'content-type': form })).status,
    ).toBe(200);
  });

  test.each([
    ['another origin', { origin: 'https://evil.test', 'content-type': form }],
    ['an opaque origin', { origin: 'null', 'content-type': form }],
    ['no origin, another site', { 'sec-fetch-site': 'cross-site', 'content-type': form }],
    [
      'a multipart form',
      { origin: 'https://chat.example.test', 'content-type': 'multipart/form-data; boundary=x' },
    ],
    ['a text/plain body', { origin: 'https://chat.example.test', 'content-type': 'text/plain' }],
  ])('the form from %s is refused', async (_, headers) => {
    expect((await post('/form', headers)).status).toBe(403);
  });

  test('a form anywhere else is refused, even from the app', async () => {
    expect(
      (await post('/write', { origin: 'https://chat.example.test', 'content-type': form })).status,
    ).toBe(403);
  });
});

describe('the trusted origin is the public URL', () => {
  const app = new Hono();
  app.onError(handleError);
  app.use('*', requireSameOrigin(['https://chat.example.test/']));
  app.post('/write', (c) => c.json({ ok: true }));
  app.get('/read', (c) => c.json({ ok: true }));
  const write = (origin: string) =>
    app.request('/write', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });

  test('a request from the public URL is let through, one from its plain-http twin is not', async () => {
    expect((await write('https://chat.example.test')).status).toBe(200);
    expect((await write('http://chat.example.test')).status).toBe(403);
    expect((await write('https://evil.chat.example.test')).status).toBe(403);
  });

  test('reads need no origin', async () => {
    expect((await app.request('/read', { headers: { origin: 'http://evil.test' } })).status).toBe(
      200,
    );
  });
});
