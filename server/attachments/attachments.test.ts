import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Attachment } from '../../shared/entities.ts';
import { limits } from '../../shared/limits.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { attachment } from '../db/attachment-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { replicacheTombstone } from '../db/replicache-schema.ts';
import type { RunningServer } from '../start-server.ts';
import { pdfBytes, pngBytes, streamUpload } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';
import { openFileStorage } from './file-storage.ts';
import type { AttachmentStorage } from './storage.ts';

describe.each(databaseTargets())('attachments on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let storage: AttachmentStorage;
  let folder: string;
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-attachments-'));
    storage = await openFileStorage(folder);
    database = await target.open();
    server = await startTestServer({ database, attachments: storage });
    [alice, bob] = await Promise.all([signUp(server.url, 'Alice'), signUp(server.url, 'Bob')]);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const url = (path: string) => `${server.url}/api/attachments${path}`;
  const appHeaders = (who: TestAccount, type = 'application/octet-stream') => ({
    cookie: who.cookie,
    origin: server.url,
    'content-type': type,
  });
  const put = (who: TestAccount, id: string, name: string, body: Uint8Array, query = '') =>
    fetch(url(`/${id}?name=${encodeURIComponent(name)}${query}`), {
      method: 'PUT',
      headers: appHeaders(who),
      body,
    });
  const get = (who: TestAccount, id: string, headers: Record<string, string> = {}) =>
    fetch(url(`/${id}`), { headers: { cookie: who.cookie, ...headers } });
  const newId = () => `att-${randomUUID()}`;
  /** Files in the storage folder, partial ones included. */
  const storedFiles = () =>
    readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

  test('an upload comes back byte for byte, to its owner, with headers that keep it inert', async () => {
    const id = newId();
    const bytes = pngBytes(300_000);
    const name = 'Ünïcode "quoted"; name\u202e.png';
    const uploaded = await put(alice, id, name, bytes);
    expect(uploaded.status).toBe(201);
    expect(Attachment.parse(await uploaded.json())).toMatchObject({
      id,
      name,
      mediaType: 'image/png',
      size: bytes.length,
      messageId: null,
      pageCount: null,
      source: 'upload',
    });

    const response = await get(alice, id);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('cache-control')).toMatch(/^private\b/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    // The exact name, for clients that read filename*; nothing in it can end the header value.
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe(name);
    expect(disposition.match(/"/g)).toHaveLength(2);
  });

  test('a range of an attachment is served on its own', async () => {
    const id = newId();
    const bytes = pngBytes(10_000);
    await put(alice, id, 'range.png', bytes);
    const response = await get(alice, id, { range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    expect((await get(alice, id, { range: `bytes=${bytes.length}-` })).status).toBe(416);
  });

  test('someone else’s attachment is not found, exactly like one that does not exist', async () => {
    const id = newId();
    await put(alice, id, 'private.png', pngBytes());
    const theirs = await get(bob, id);
    const unknown = await get(bob, newId());
    expect([theirs.status, unknown.status]).toEqual([404, 404]);
    expect(await theirs.json()).toEqual(await unknown.json());
    const deleted = await fetch(url(`/${id}`), {
      method: 'DELETE',
      headers: appHeaders(bob, 'application/json'),
    });
    expect(deleted.status).toBe(404);
    expect((await get(alice, id)).status).toBe(200);
  });

  test('the kind is read from the bytes: a PNG named .jpg is a PNG', async () => {
    const response = await put(alice, newId(), 'photo.jpg', pngBytes());
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'photo.jpg', mediaType: 'image/png' });
  });

  test.each([
    ['a PNG named .pdf', 'report.pdf', pngBytes(), 'named as a PDF but holds an image'],
    ['a PDF named .png', 'scan.png', pdfBytes(1), 'named as an image but holds a PDF'],
  ])('%s is refused, saying what it holds, and nothing is kept', async (_, name, bytes, says) => {
    const id = newId();
    const before = storedFiles().length;
    const response = await put(alice, id, name, bytes);
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'unsupported_media_type',
        message: `${name} is ${says}. Rename it or pick ${name.endsWith('.pdf') ? 'the PDF' : 'the image'} you meant.`,
      },
    });
    expect((await get(alice, id)).status).toBe(404);
    expect(storedFiles()).toHaveLength(before);
  });

  test.each([
    ['an HTML page named .png', 'cat.png', '<!doctype html><script>alert(1)</script>'],
    [
      'an SVG',
      'logo.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ],
    ['an SVG named .png', 'logo.png', '<?xml version="1.0"?><svg></svg>'],
    ['a PDF behind leading bytes', 'doc.pdf', '<html>%PDF-1.4'],
  ])(
    '%s is refused with a message saying what can be attached, and nothing is kept',
    async (_, name, text) => {
      const id = newId();
      const before = storedFiles().length;
      const response = await put(alice, id, name, Buffer.from(text));
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({
        error: { code: 'unsupported_media_type', message: expect.stringContaining('PDF') },
      });
      expect((await get(alice, id)).status).toBe(404);
      expect(storedFiles()).toHaveLength(before);
    },
  );

  test('a PDF’s pages are counted', async () => {
    const response = await put(alice, newId(), 'three.pdf', pdfBytes(3));
    expect(await response.json()).toMatchObject({ mediaType: 'application/pdf', pageCount: 3 });
  });

  test('an upload declared over the limit is refused before its body is read', async () => {
    const answer = await streamUpload(
      url(`/${newId()}?name=huge.pdf`),
      { ...appHeaders(alice), 'content-length': String(limits.pdfBytes + 1) },
      pdfBytes(1),
      limits.pdfBytes,
    );
    expect(answer.status).toBe(413);
    // What the socket took before the answer came back: a sliver of the declared size.
    expect(answer.sentBytes).toBeLessThan(limits.pdfBytes / 4);
  });

  test('an upload that streams past its kind’s limit is refused as it passes it, and its partial file removed', async () => {
    const before = storedFiles().length;
    const id = newId();
    const answer = await streamUpload(
      url(`/${id}?name=endless.png`),
      appHeaders(alice),
      pngBytes(8),
      limits.imageBytes * 3,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    // Refused once past 20 MB, not after reading all 60: what was sent beyond the limit is
    // what the connection's buffers held.
    expect(answer.sentBytes).toBeLessThan(limits.imageBytes + 8 * 1024 * 1024);
    expect((await get(alice, id)).status).toBe(404);
    expect(storedFiles()).toHaveLength(before);
  });

  test('an upload the client abandons halfway leaves no file and no attachment', async () => {
    const before = storedFiles().length;
    const id = newId();
    const req = request(url(`/${id}?name=halfway.png`), {
      method: 'PUT',
      headers: appHeaders(alice),
    });
    req.on('error', () => {});
    req.write(pngBytes(2 * 1024 * 1024));
    await waitFor(() => (storedFiles().length > before ? true : undefined), {
      what: 'the partial file to be written',
    });
    req.destroy();
    await waitFor(() => (storedFiles().length === before ? true : undefined), {
      what: 'the partial file to be removed',
    });
    expect((await get(alice, id)).status).toBe(404);
  });

  test('without a session an upload is a 401', async () => {
    const response = await fetch(url(`/${newId()}?name=a.png`), {
      method: 'PUT',
      headers: { origin: server.url, 'content-type': 'application/octet-stream' },
      body: pngBytes(),
    });
    expect(response.status).toBe(401);
  });

  test.each([
    ['another origin', { origin: 'http://evil.test' }],
    ['a sibling port of the host', { origin: 'http://127.0.0.1:1' }],
    ['no origin, from another site', { origin: '', 'sec-fetch-site': 'cross-site' }],
    ['a form', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['a text/plain body', { 'content-type': 'text/plain' }],
  ])('an upload from %s is a 403 and stores nothing', async (_, changes) => {
    const id = newId();
    const headers: Record<string, string> = { ...appHeaders(alice), ...changes };
    if (headers.origin === '') delete headers.origin;
    const response = await fetch(url(`/${id}?name=a.png`), {
      method: 'PUT',
      headers,
      body: pngBytes(),
    });
    expect(response.status).toBe(403);
    expect((await get(alice, id)).status).toBe(404);
  });

  test('POST /api/attachments takes an upload too, with or without the device’s id', async () => {
    const id = newId();
    const named = await fetch(url(`?id=${id}&name=a.png`), {
      method: 'POST',
      headers: appHeaders(alice, 'image/png'),
      body: pngBytes(),
    });
    expect(await named.json()).toMatchObject({ id });
    const unnamed = await fetch(url('?name=b.png'), {
      method: 'POST',
      headers: {
        cookie: alice.cookie,
        'content-type': 'application/octet-stream',
        'sec-fetch-site': 'same-origin',
      },
      body: pngBytes(),
    });
    expect(unnamed.status).toBe(201);
    expect((await get(alice, Attachment.parse(await unnamed.json()).id)).status).toBe(200);
  });

  test('a retried upload of the same id keeps the first, and nobody else can claim the id', async () => {
    const id = newId();
    const first = pngBytes();
    const created = await put(alice, id, 'once.png', first);
    const again = await put(alice, id, 'once.png', first);
    expect([created.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await created.json());
    const claimed = await put(bob, id, 'mine.png', pngBytes());
    expect(claimed.status).toBe(409);
    expect(Buffer.from(await (await get(alice, id)).arrayBuffer()).equals(first)).toBe(true);
    expect((await get(bob, id)).status).toBe(404);
    const pulled = await pushClient(server.url, alice.cookie).attachments();
    expect(pulled.filter((a) => a.id === id)).toHaveLength(1);
  });

  test('an attachment syncs to its owner’s devices only, joins the message it is sent with, and goes with its conversation', async () => {
    const aliceClient = pushClient(server.url, alice.cookie);
    const uploadedFirst = newId();
    await put(alice, uploadedFirst, 'first.png', pngBytes());
    expect((await aliceClient.attachments()).map((a) => a.id)).toEqual(
      expect.arrayContaining([uploadedFirst]),
    );
    expect((await pushClient(server.url, bob.cookie).attachments()).map((a) => a.id)).not.toContain(
      uploadedFirst,
    );

    // Sent offline, the message goes first; the file it names is uploaded after.
    const conversationId = `c-${randomUUID()}`;
    const userMessageId = `u-${randomUUID()}`;
    const uploadedAfter = newId();
    await aliceClient.mutate('createConversation', {
      id: conversationId,
      title: 'With files',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    await aliceClient.mutate('sendMessage', {
      conversationId,
      userMessageId,
      assistantMessageId: `a-${randomUUID()}`,
      content: 'What is in these?',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
      attachmentIds: [uploadedFirst, uploadedAfter],
    });
    await put(alice, uploadedAfter, 'after.pdf', pdfBytes(2), `&messageId=${userMessageId}`);
    const ofMessage = (await aliceClient.attachments()).filter(
      (a) => a.messageId === userMessageId,
    );
    expect(ofMessage.map((a) => a.id).sort()).toEqual([uploadedFirst, uploadedAfter].sort());

    // Bob naming Alice's message claims nothing.
    const bobs = await put(bob, newId(), 'bob.png', pngBytes(), `&messageId=${userMessageId}`);
    expect(await bobs.json()).toMatchObject({ messageId: null });

    const keys = await Promise.all(ofMessage.map(async (a) => (await storageKeyOf(a.id)) ?? a.id));
    await aliceClient.mutate('deleteConversation', { id: conversationId });
    // Devices that hold them hear of the deletion.
    const tombstones = await database.db
      .select({ key: replicacheTombstone.key })
      .from(replicacheTombstone)
      .where(eq(replicacheTombstone.userId, alice.userId));
    expect(tombstones.map((t) => t.key)).toEqual(
      expect.arrayContaining([`attachment/${uploadedFirst}`, `attachment/${uploadedAfter}`]),
    );
    const after = (await aliceClient.attachments()).map((a) => a.id);
    expect(after).not.toContain(uploadedFirst);
    expect(after).not.toContain(uploadedAfter);
    expect((await get(alice, uploadedFirst)).status).toBe(404);
    // Their bytes are swept from storage.
    await waitFor(
      async () => {
        const left = await Promise.all(keys.map((key) => storage.get(key ?? '')));
        return left.every((bytes) => bytes === undefined) ? true : undefined;
      },
      { what: 'the deleted attachments’ files to be removed' },
    );
  });

  /** Where an attachment's bytes are stored (server-only), read from its row. */
  async function storageKeyOf(id: string): Promise<string | undefined> {
    const [row] = await database.db
      .select({ key: attachment.storageKey })
      .from(attachment)
      .where(eq(attachment.id, id));
    return row?.key;
  }
});

describe('a person’s storage quota', () => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let storage: AttachmentStorage;
  let folder: string;
  let carol: TestAccount;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-attachments-'));
    storage = await openFileStorage(folder);
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({
      database,
      attachments: storage,
      env: { ATTACHMENT_QUOTA_MB: '1' },
    });
    carol = await signUp(server.url, 'Carol');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  test('an upload that would take someone past their quota is refused and leaves nothing', async () => {
    const put = (id: string, body: Uint8Array) =>
      fetch(`${server.url}/api/attachments/${id}?name=big.png`, {
        method: 'PUT',
        headers: { cookie: carol.cookie, origin: server.url, 'content-type': 'image/png' },
        body,
      });
    expect((await put('within', pngBytes(600_000))).status).toBe(201);
    const files = readdirSync(folder, { recursive: true }).length;
    const refused = await put('beyond', pngBytes(600_000));
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({
      error: { code: 'payload_too_large', message: expect.stringContaining('1 MB') },
    });
    expect(readdirSync(folder, { recursive: true })).toHaveLength(files);
    const pulled = await pushClient(server.url, carol.cookie).attachments();
    expect(pulled.map((a) => a.id)).toEqual(['within']);
  });
});
