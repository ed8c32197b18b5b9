import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openFileStorage } from '../attachments/file-storage.ts';
import { deletedSessionsChannel } from '../auth/auth.ts';
import { account as signInAccount } from '../db/auth-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { apiKey } from '../db/key-schema.ts';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { RunningServer } from '../start-server.ts';
import { accountRequests, rowsOf } from '../testing/account-requests.ts';
import { pngBytes } from '../testing/attachment-files.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { type HeldStream, holdStream } from '../testing/held-stream.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import { readZip } from '../testing/read-zip.ts';
import { signInAgain, signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const ownKey = 'sk-or-v1-account-0123456789abcdef0123456789abcdef0123456789abcdefK3y5';
const signInKeyOf = (email: string) =>
  `sign-in:account:${createHash('sha256').update(email.toLowerCase()).digest('base64url')}`;

describe.each(databaseTargets())('your account on $name', (target) => {
  let database: DatabaseHandle;
  let pubsub: PubSub;
  let openRouter: FakeOpenRouter;
  let server: RunningServer;
  let attachmentFolder: string;
  const held: HeldStream[] = [];

  beforeAll(async () => {
    [database, openRouter] = await Promise.all([target.open(), startFakeOpenRouter()]);
    pubsub = createMemoryPubSub();
    attachmentFolder = mkdtempSync(join(tmpdir(), 'parley-account-attachments-'));
    server = await startTestServer({
      database,
      pubsub,
      attachments: await openFileStorage(attachmentFolder),
      env: {
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        // The operator pays for OpenRouter answers of anyone without a key: those are counted.
        OPENROUTER_API_KEY: 'sk-or-operator',
        DEMO_WORDS_PER_SECOND: '1000',
        // Wrong passwords lock an account soon, so that the test of it stays short.
        SIGN_IN_FAILURES_PER_ACCOUNT: '3',
      },
    });
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((stream) => stream.close()));
  });
  afterAll(async () => {
    await server?.close();
    await pubsub?.close();
    await openRouter?.close();
    await database?.close();
  });

  const holdPokes = async (cookie: string) => {
    const stream = holdStream(`${server.url}/api/replicache/poke`, cookie);
    held.push(stream);
    await stream.opened;
    return stream;
  };
  const endedByServer = (stream: HeldStream, what: string) =>
    waitFor(() => (stream.endedByServer() ? true : undefined), { timeoutMs: 5_000, what });
  const saveKey = async (cookie: string) => {
    const saved = await fetch(`${server.url}/api/keys/openrouter`, {
      method: 'PUT',
      headers: appRequestHeaders(server.url, cookie),
      body: JSON.stringify({ key: ownKey }),
    });
    expect(saved.status).toBe(200);
  };
  const storedFiles = () =>
    readdirSync(attachmentFolder, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
  /**
   * Someone with a conversation from each of two browsers (one answered on the operator's
   * key, so counted), an attachment, then a saved key, and a failed sign-in.
   */
  const personWithData = async (name: string) => {
    const person = await signUp(server.url, name);
    const phone = await signInAgain(server.url, person);
    const laptop = pushClient(server.url, person.cookie);
    const { answerId, conversationId } = await laptop.ask(
      `${name} asks from the laptop`,
      'openai/gpt-4o-mini',
    );
    await waitFor(
      async () => (await laptop.messages()).find((m) => m.id === answerId && m.status === 'done'),
      { what: 'the answer on the operator’s key' },
    );
    await pushClient(server.url, phone).ask(`${name} asks from the phone`);
    await laptop.mutate('createShare', {
      id: `share-${randomUUID()}`,
      conversationId,
      token: randomBytes(16).toString('base64url'),
      mode: 'live',
      throughOrder: null,
      expiresAt: null,
      createdAt: Date.now(),
    });
    const uploaded = await fetch(`${server.url}/api/attachments/att-${randomUUID()}?name=a.png`, {
      method: 'PUT',
      headers: { cookie: person.cookie, origin: server.url, 'content-type': 'image/png' },
      body: pngBytes(),
    });
    expect(uploaded.status).toBe(201);
    await saveKey(person.cookie);
    const wrong = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: person.email, password: 'not the password at all' }),
    });
    expect(wrong.status).toBe(401);
    return { person, phone };
  };
  const rowsOfPerson = (person: TestAccount) =>
    rowsOf(database.db, person.userId, person.email, signInKeyOf(person.email));

  test('signing out everywhere else ends the other browsers’ streams and refuses their requests', async () => {
    const alice = await signUp(server.url, 'Alice');
    const phone = await signInAgain(server.url, alice);
    const tablet = await signInAgain(server.url, alice);
    const laptopPokes = await holdPokes(alice.cookie);
    const phonePokes = await holdPokes(phone);
    const tabletPokes = await holdPokes(tablet);

    const revoked = await fetch(`${server.url}/api/auth/revoke-other-sessions`, {
      method: 'POST',
      headers: appRequestHeaders(server.url, alice.cookie),
      body: '{}',
    });
    expect(revoked.status).toBe(200);

    await endedByServer(phonePokes, 'the phone’s poke stream to end');
    await endedByServer(tabletPokes, 'the tablet’s poke stream to end');
    for (const other of [phone, tablet]) {
      expect((await accountRequests(server.url, other).pull()).status).toBe(401);
      expect((await accountRequests(server.url, other).push()).status).toBe(401);
    }
    expect(laptopPokes.endedByServer()).toBe(false);
    expect((await accountRequests(server.url, alice.cookie).pull()).status).toBe(200);
  });

  test('deleting an account needs its password, a wrong one deletes nothing, and wrong ones lock it as sign-in does', async () => {
    const { person } = await personWithData('Careful');
    const before = await rowsOfPerson(person);
    const requests = accountRequests(server.url, person.cookie);
    const missing = await requests.deleteAccount({});
    expect(missing.status).toBe(400);
    const wrong = await requests.deleteAccount({ password: 'not the password at all' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({
      error: { code: 'forbidden', message: 'That password is not right.' },
    });
    expect(await rowsOfPerson(person)).toEqual(before);

    // Wrong passwords count as failed sign-ins: with the one before, three lock the account,
    // for deleting as for signing in, the right password included.
    expect((await requests.deleteAccount({ password: 'still not the password' })).status).toBe(403);
    const locked = await requests.deleteAccount({ password: person.password });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    expect(signIn.status).toBe(429);
    expect(await rowsOfPerson(person)).toEqual(before);
  });

  test('deleting an account leaves no row of it in any table, signs out its other browser and touches nobody else', async () => {
    const { person: alice, phone } = await personWithData('Deleted');
    const { person: bob } = await personWithData('Bystander');
    const bobBefore = await rowsOfPerson(bob);
    const aliceBefore = await rowsOfPerson(alice);
    // What the deletion must clear is there to clear.
    for (const table of [
      'conversation',
      'message',
      'api_key',
      'session',
      'account',
      'attachment',
      'share',
    ])
      expect(aliceBefore[table], table).toBeGreaterThan(0);
    const filesBefore = storedFiles().length;
    expect(aliceBefore.replicache_client).toBeGreaterThanOrEqual(2);
    // Counted in the database only where the database is what processes share.
    // (a failed sign-in, an answer counted by the hour and by the day).
    if (target.name === 'postgres') expect(aliceBefore.auth_attempt).toBe(3);
    const phonePokes = await holdPokes(phone);
    // What every other server process hears: each of the person's sessions, by its token.
    const announced: string[] = [];
    const stopListening = await pubsub.subscribe(deletedSessionsChannel, (token) => {
      announced.push(token);
    });

    const deleted = await accountRequests(server.url, alice.cookie).deleteAccount({
      password: alice.password,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.headers.getSetCookie().join('\n')).toMatch(/session_token=;.*Max-Age=0/i);

    await stopListening();
    const tokenOf = (cookie: string) =>
      decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '';
    expect(announced.sort()).toEqual([tokenOf(alice.cookie), tokenOf(phone)].sort());

    const after = await rowsOfPerson(alice);
    for (const [table, n] of Object.entries(after)) expect(n, table).toBe(0);
    // Her attachment's bytes went with its row; Bob's stayed.
    expect(storedFiles()).toHaveLength(filesBefore - 1);
    expect(await rowsOfPerson(bob)).toEqual(bobBefore);

    await endedByServer(phonePokes, 'the other browser’s poke stream to end');
    for (const cookie of [phone, alice.cookie]) {
      const requests = accountRequests(server.url, cookie);
      expect((await requests.push()).status).toBe(401);
      expect((await requests.pull()).status).toBe(401);
      expect((await requests.exportData()).status).toBe(401);
    }
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: alice.email, password: alice.password }),
    });
    expect(signIn.status).toBe(401);
    // Bob goes on as before.
    expect((await accountRequests(server.url, bob.cookie).pull()).status).toBe(200);
  });

  test('the export is a zip of my rows as JSON and each conversation as Markdown, with nobody else’s and no secret', async () => {
    const { person: alice } = await personWithData('Exporter');
    const { person: bob } = await personWithData('Stranger');
    const client = pushClient(server.url, alice.cookie);
    const { answerId } = await client.ask('A title with / slashes: and *stars*');
    await waitFor(
      async () => (await client.messages()).find((m) => m.id === answerId && m.status === 'done'),
      { what: 'the answer to finish' },
    );

    const response = await accountRequests(server.url, alice.cookie).exportData();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="parley-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    expect(response.headers.get('x-export-conversations')).toBe('3');
    const archive = Buffer.from(await response.arrayBuffer());
    const files = readZip(archive);

    const names = files.map((f) => f.name);
    expect(names[0]).toBe('account.json');
    expect(names.at(-1)).toBe('usage.json');
    const markdown = files.filter((f) => f.name.endsWith('.md'));
    const json = files.filter(
      (f) => f.name.startsWith('conversations/') && f.name.endsWith('.json'),
    );
    expect(markdown).toHaveLength(3);
    expect(json).toHaveLength(3);
    for (const name of names)
      expect(name).toMatch(/^(account\.json|usage\.json|conversations\/[^/]+\.(md|json))$/);

    const everything = files.map((f) => f.text).join('\n');
    expect(everything).toContain('Exporter asks from the laptop');
    expect(everything).toContain('Exporter asks from the phone');
    const asked = markdown.find((f) => f.text.includes('## You\n\nA title with / slashes'));
    expect(asked?.text).toContain(
      '## Assistant (parley/demo)\n\nA title with / slashes: and *stars*',
    );
    const account = JSON.parse(files[0]?.text ?? '{}');
    expect(account.account).toEqual({
      id: alice.userId,
      name: 'Exporter',
      email: alice.email,
      createdAt: expect.any(String),
    });
    const usage = JSON.parse(files.at(-1)?.text ?? '{}');
    expect(Object.values(usage.byMonth)).toEqual([expect.objectContaining({ answers: 3 })]);

    // Nobody else's rows, and none of the secrets kept for me.
    expect(everything).not.toContain('Stranger asks');
    expect(everything).not.toContain(bob.userId);
    const [key] = await database.db.select().from(apiKey).where(eq(apiKey.userId, alice.userId));
    const [login] = await database.db
      .select()
      .from(signInAccount)
      .where(eq(signInAccount.userId, alice.userId));
    const secrets = [
      ownKey,
      ownKey.slice(0, -4),
      login?.password ?? 'no hash',
      ...(['hex', 'base64'] as const).map((encoding) =>
        Buffer.from(key?.ciphertext ?? []).toString(encoding),
      ),
    ];
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(archive.includes(Buffer.from(secret))).toBe(false);
    }
    expect(archive.includes(Buffer.from(key?.ciphertext ?? []))).toBe(false);
  });

  test('the export is refused without a session', async () => {
    const response = await fetch(`${server.url}/api/account/export`);
    expect(response.status).toBe(401);
  });
});
