import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ShareMode } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { share } from '../db/share-schema.ts';
import type { RunningServer } from '../start-server.ts';
import { pdfBytes, pngBytes } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';

const viewsPerMinute = 5;

describe.each(databaseTargets())('shared conversations on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let aliceClient: ReturnType<typeof pushClient>;

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({
      database,
      env: {
        DEMO_WORDS_PER_SECOND: '1000',
        SHARE_VIEWS_PER_ADDRESS: String(viewsPerMinute),
        // Each test speaks from addresses of its own, named by X-Forwarded-For.
        TRUSTED_PROXY: '127.0.0.1',
      },
    });
    [alice, bob] = await Promise.all([signUp(server.url, 'Alice'), signUp(server.url, 'Bob')]);
    aliceClient = pushClient(server.url, alice.cookie);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  let lastAddress = 0;
  /** A client address never used before: every visitor below has a rate limit of their own. */
  const freshAddress = () => `198.51.100.${++lastAddress}`;
  const open = (path: string, init: { cookie?: string; address?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      headers: {
        'x-forwarded-for': init.address ?? freshAddress(),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      redirect: 'manual',
    });

  /** A finished exchange of Alice's: her words come back as the demo model's answer. */
  async function aliceAsks(content: string, conversationId?: string) {
    const sent = conversationId
      ? { conversationId, ...(await aliceClient.reply(conversationId, content)) }
      : await aliceClient.ask(content);
    await settledAnswer(database.db, sent.answerId);
    return sent;
  }

  async function shareOf(
    conversationId: string,
    mode: ShareMode,
    {
      throughOrder = null,
      expiresAt = null,
    }: { throughOrder?: number | null; expiresAt?: number | null } = {},
  ) {
    const id = `share-${randomUUID()}`;
    const token = randomBytes(16).toString('base64url');
    await aliceClient.mutate('createShare', {
      id,
      conversationId,
      token,
      mode,
      throughOrder,
      expiresAt,
      createdAt: Date.now(),
    });
    return { id, token };
  }

  async function upload(name: string, bytes: Uint8Array) {
    const id = `att-${randomUUID()}`;
    const response = await fetch(`${server.url}/api/attachments/${id}?name=${name}`, {
      method: 'PUT',
      headers: {
        cookie: alice.cookie,
        origin: server.url,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(response.status).toBe(201);
    return id;
  }

  test('a stranger with no cookie reads the shared messages, and nothing of who wrote them', async () => {
    const { conversationId } = await aliceAsks(
      'Explain <script>alert(1)</script> please\n\n```ts\nconst x = 1 < 2;\n```',
    );
    await aliceAsks('**Second** question', conversationId);
    const { token } = await shareOf(conversationId, 'live');

    const page = await open(`/share/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toMatch(/<title>Explain [^<]*<\/title>/);
    expect(html).toMatch(/<meta name="description" content="Explain &lt;script&gt;alert\(1\)/);
    expect(html).toContain('<meta property="og:title"');
    const articles = [...html.matchAll(/<article [^>]*data-role="(\w+)" data-status="(\w+)"/g)];
    expect(articles.map((a) => [a[1], a[2]])).toEqual([
      ['user', 'done'],
      ['assistant', 'done'],
      ['user', 'done'],
      ['assistant', 'done'],
    ]);
    // The answer (the demo model's echo) as rendered Markdown; the words as text, never HTML.
    expect(html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;');
    expect(html).toContain('<strong>Second</strong>');
    expect(html).not.toContain('<script>alert');
    // Signed out: a way to sign in, no way to continue.
    expect(html).toContain('Sign in to continue');
    expect(html).not.toContain('Continue this chat');
    for (const identifier of [alice.email, alice.userId, 'Alice', conversationId]) {
      expect(html).not.toContain(identifier);
    }
    // The page's own style sheet is served, and the CSP allows it (same origin).
    const sheet = html.match(/<link rel="stylesheet" href="([^"]+)">/)?.[1] ?? '';
    const css = await open(sheet);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  test('a snapshot shows the messages up to its point; a live share shows later ones too', async () => {
    const first = await aliceAsks('Before sharing');
    const [answer] = await database.db
      .select({ order: message.order })
      .from(message)
      .where(eq(message.id, first.answerId));
    const snapshot = await shareOf(first.conversationId, 'snapshot', {
      throughOrder: answer?.order ?? 1,
    });
    const live = await shareOf(first.conversationId, 'live');
    await aliceAsks('After sharing', first.conversationId);

    const snapshotHtml = await (await open(`/share/${snapshot.token}`)).text();
    const liveHtml = await (await open(`/share/${live.token}`)).text();
    expect(snapshotHtml).toContain('Before sharing');
    expect(snapshotHtml).not.toContain('After sharing');
    expect(liveHtml).toContain('Before sharing');
    expect(liveHtml).toContain('After sharing');

    // Moving the snapshot on shows the later messages too.
    await aliceClient.mutate('updateShare', {
      id: snapshot.id,
      mode: 'snapshot',
      throughOrder: 3,
      expiresAt: null,
    });
    expect(await (await open(`/share/${snapshot.token}`)).text()).toContain('After sharing');
  });

  test('an expired, a stopped and an unknown link answer the very same 404', async () => {
    const { conversationId } = await aliceAsks('Soon gone');
    const expired = await shareOf(conversationId, 'live', { expiresAt: Date.now() - 1000 });
    const stopped = await shareOf(conversationId, 'live');
    expect((await open(`/share/${stopped.token}`)).status).toBe(200);
    await aliceClient.mutate('stopShare', { id: stopped.id });
    expect(await aliceClient.shares()).not.toContainEqual(
      expect.objectContaining({ id: stopped.id }),
    );

    const unknown = randomBytes(16).toString('base64url');
    const answers = await Promise.all(
      [expired.token, stopped.token, unknown, 'not-a-token'].map((token) =>
        open(`/share/${token}`),
      ),
    );
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('noindex');
    expect(bodies[0]).not.toContain('Soon gone');
    // An expiry moved into the future opens it again.
    await aliceClient.mutate('updateShare', {
      id: expired.id,
      mode: 'live',
      throughOrder: null,
      expiresAt: Date.now() + 60_000,
    });
    expect((await open(`/share/${expired.token}`)).status).toBe(200);
  });

  test('the share’s files show through its own address, and nothing else does', async () => {
    const photo = pngBytes(512);
    const photoId = await upload('photo.png', photo);
    const paperId = await upload('paper.pdf', pdfBytes(1));
    const shared = await aliceClient.ask('With files', DEMO_MODEL_ID, {
      attachmentIds: [photoId, paperId],
    });
    await settledAnswer(database.db, shared.answerId);
    const otherPhoto = await upload('other.png', pngBytes(256));
    const other = await aliceClient.ask('Not shared', DEMO_MODEL_ID, {
      attachmentIds: [otherPhoto],
    });
    await settledAnswer(database.db, other.answerId);
    const { token } = await shareOf(shared.conversationId, 'live');

    const html = await (await open(`/share/${token}`)).text();
    expect(html).toContain(
      `<img src="/api/shares/${token}/attachments/${photoId}" alt="photo.png"`,
    );
    expect(html).toContain(`<a href="/api/shares/${token}/attachments/${paperId}">paper.pdf</a>`);

    const file = await open(`/api/shares/${token}/attachments/${photoId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cache-control')).toContain('private');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="photo\.png"/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(photo);

    // Another conversation's file through this share, a file through a token that opens
    // nothing, and the owner's own routes with no session: nothing.
    const unknown = randomBytes(16).toString('base64url');
    const refused = await Promise.all([
      open(`/api/shares/${token}/attachments/${otherPhoto}`),
      open(`/api/shares/${unknown}/attachments/${photoId}`),
      open(`/api/attachments/${photoId}`),
    ]);
    expect(refused.map((r) => r.status)).toEqual([404, 404, 401]);
    const pull = await fetch(`${server.url}/api/replicache/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({
        pullVersion: 1,
        clientGroupID: 'g',
        cookie: null,
        profileID: 'p',
        schemaVersion: '',
      }),
    });
    expect(pull.status).toBe(401);
  });

  test('signed in, Continue this chat copies the shared messages and files into my own account', async () => {
    const photo = pngBytes(300);
    const photoId = await upload('kept.png', photo);
    const shared = await aliceClient.ask('Carry this on', DEMO_MODEL_ID, {
      attachmentIds: [photoId],
    });
    await settledAnswer(database.db, shared.answerId);
    const { token } = await shareOf(shared.conversationId, 'live');
    const before = await database.db
      .select()
      .from(message)
      .where(eq(message.conversationId, shared.conversationId));

    const page = await (await open(`/share/${token}`, { cookie: bob.cookie })).text();
    expect(page).toContain('Continue this chat');
    expect(page).toContain(`action="/api/shares/${token}/continue"`);

    // As the browser posts the page's form.
    const continued = await fetch(`${server.url}/api/shares/${token}/continue`, {
      method: 'POST',
      headers: {
        cookie: bob.cookie,
        origin: server.url,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': freshAddress(),
      },
      body: '',
      redirect: 'manual',
    });
    expect(continued.status).toBe(303);
    const location = continued.headers.get('location') ?? '';
    expect(location).toMatch(/^\/c\/[A-Za-z0-9_-]+$/);
    const copyId = location.slice('/c/'.length);

    const bobClient = pushClient(server.url, bob.cookie);
    const conversations = await bobClient.conversations();
    const copy = conversations.find((c) => c.id === copyId);
    expect(copy).toMatchObject({ parentConversationId: null, branchPointMessageId: null });
    const copies = (await bobClient.messages()).filter((m) => m.conversationId === copyId);
    expect(copies.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Carry this on', 'done'],
      ['assistant', expect.stringContaining('Carry this on'), 'done'],
    ]);
    const files = await bobClient.attachments();
    const copiedFile = files.find((f) => copies.some((m) => m.id === f.messageId));
    expect(copiedFile?.name).toBe('kept.png');
    const bytes = await fetch(`${server.url}/api/attachments/${copiedFile?.id}`, {
      headers: { cookie: bob.cookie },
    });
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(photo);
    // Nothing Bob pulled names Alice's rows.
    const pulled = JSON.stringify([conversations, copies, files]);
    for (const id of [shared.conversationId, shared.answerId, photoId, alice.userId]) {
      expect(pulled).not.toContain(id);
    }
    // Alice's conversation is as it was.
    const after = await database.db
      .select()
      .from(message)
      .where(eq(message.conversationId, shared.conversationId));
    expect(after).toEqual(before);

    // Asked for JSON, the answer names the new conversation.
    const asJson = await fetch(`${server.url}/api/shares/${token}/continue`, {
      method: 'POST',
      headers: {
        cookie: bob.cookie,
        origin: server.url,
        'content-type': 'application/json',
        'x-forwarded-for': freshAddress(),
      },
      body: '{}',
    });
    expect(asJson.status).toBe(201);
    const { conversationId } = (await asJson.json()) as { conversationId: string };
    expect((await bobClient.conversations()).map((c) => c.id)).toContain(conversationId);

    // From another site, or signed out, it does nothing.
    const forged = await fetch(`${server.url}/api/shares/${token}/continue`, {
      method: 'POST',
      headers: {
        cookie: bob.cookie,
        origin: 'http://evil.test',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(forged.status).toBe(403);
    const signedOut = await fetch(`${server.url}/api/shares/${token}/continue`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(signedOut.status).toBe(401);
  });

  test('shares reach their owner’s devices only, and a token in use or a conversation not mine is refused', async () => {
    const { conversationId } = await aliceAsks('Mine to share');
    const { id, token } = await shareOf(conversationId, 'live');
    expect(await aliceClient.shares()).toContainEqual(
      expect.objectContaining({ id, conversationId, token, mode: 'live' }),
    );
    const bobClient = pushClient(server.url, bob.cookie);
    expect(await bobClient.shares()).toEqual([]);

    const bobsOwn = await bobClient.ask('Bob’s');
    const attempt = (args: Record<string, unknown>) =>
      bobClient.mutate('createShare', {
        id: `share-${randomUUID()}`,
        conversationId: bobsOwn.conversationId,
        token: randomBytes(16).toString('base64url'),
        mode: 'live',
        throughOrder: null,
        expiresAt: null,
        createdAt: Date.now(),
        ...args,
      });
    await attempt({ token });
    await attempt({ conversationId });
    await attempt({ id });
    expect(await bobClient.shares()).toEqual([]);
    const [row] = await database.db.select().from(share).where(eq(share.id, id));
    expect(row).toMatchObject({ userId: alice.userId, conversationId, token });
    // Deleting the conversation takes its share, and its owner's devices hear of it.
    await aliceClient.mutate('deleteConversation', { id: conversationId });
    expect(await database.db.select().from(share).where(eq(share.id, id))).toEqual([]);
    expect(
      await database.db.select().from(conversation).where(eq(conversation.id, conversationId)),
    ).toEqual([]);
    expect((await open(`/share/${token}`)).status).toBe(404);
  });

  test('one address opening shares too often is told to wait', async () => {
    const { conversationId } = await aliceAsks('Popular');
    const { token } = await shareOf(conversationId, 'live');
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < viewsPerMinute; i++) {
      statuses.push((await open(`/share/${token}`, { address })).status);
    }
    expect(statuses).toEqual(Array(viewsPerMinute).fill(200));
    const refused = await open(`/share/${token}`, { address });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // An unknown token counts too: guessing is no way around it.
    expect(
      (await open(`/share/${randomBytes(16).toString('base64url')}`, { address })).status,
    ).toBe(429);
    // Another address is not held back.
    expect((await open(`/share/${token}`)).status).toBe(200);
  });
});
