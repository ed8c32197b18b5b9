import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { encodeChunk } from '../../shared/stream-events.ts';
import { session, user } from '../db/auth-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { RunningServer } from '../start-server.ts';
import type { ChunkStore } from '../streams/chunk-store.ts';
import { createMemoryChunkStore } from '../streams/memory-chunk-store.ts';
import { type HeldStream, holdStream } from '../testing/held-stream.ts';
import { appRequestHeaders } from '../testing/push-client.ts';
import { seedAnswer } from '../testing/seed-rows.ts';
import { signInAgain, signUp } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';
import { createAuth } from './auth.ts';

/** How long a stream may outlive its session, at most. */
const endsWithinMs = 5_000;
const authSecret = 'test-secret-test-secret-test-secret-0123';

describe.each(databaseTargets())('streams of an ended session on $name', (target) => {
  let database: DatabaseHandle;
  let pubsub: PubSub;
  let chunks: ChunkStore;
  let server: RunningServer;
  const held: HeldStream[] = [];
  let seeded = 0;

  beforeAll(async () => {
    database = await target.open();
    pubsub = createMemoryPubSub();
    chunks = createMemoryChunkStore();
    server = await startTestServer({
      database,
      pubsub,
      chunks,
      env: { BETTER_AUTH_SECRET: authSecret },
    });
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((stream) => stream.close()));
  });
  afterAll(async () => {
    await server?.close();
    await chunks?.close();
    await pubsub?.close();
    await database?.close();
  });

  const hold = async (path: string, cookie: string) => {
    const stream = holdStream(`${server.url}${path}`, cookie);
    held.push(stream);
    await stream.opened;
    return stream;
  };
  /**
   * Browsers that have pushed: the server knows their clients and where they stand, so their
   * poke streams (`holdPokes`, naming their client group) are sent changes as patches. Before
   * any stream opens, so that no stream hears these.
   */
  const pushedBefore = async (...cookies: string[]) => {
    for (const cookie of cookies) await createConversation(cookie, 'Written before');
  };
  const groupOf = (cookie: string) => `group-of-${cookie.slice(-12)}`;
  const holdPokes = (cookie: string) =>
    hold(`/api/replicache/poke?patches=1&group=${encodeURIComponent(groupOf(cookie))}`, cookie);
  const pull = (cookie: string) =>
    fetch(`${server.url}/api/replicache/pull`, {
      method: 'POST',
      headers: appRequestHeaders(server.url, cookie),
      body: JSON.stringify({
        pullVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID: groupOf(cookie),
        cookie: null,
      }),
    });
  const lastMutationIds = new Map<string, number>();
  const nextMutationId = (cookie: string) => {
    const id = (lastMutationIds.get(cookie) ?? 0) + 1;
    lastMutationIds.set(cookie, id);
    return id;
  };
  /** Pushes as the browser's own client group (`mutations` as [name, args]). */
  const push = (cookie: string, mutations: [string, unknown][] = []) =>
    fetch(`${server.url}/api/replicache/push`, {
      method: 'POST',
      headers: appRequestHeaders(server.url, cookie),
      body: JSON.stringify({
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID: groupOf(cookie),
        mutations: mutations.map(([name, args]) => ({
          id: nextMutationId(cookie),
          clientID: `client-of-${cookie.slice(-12)}`,
          name,
          args,
          timestamp: Date.now(),
        })),
      }),
    });
  const authPost = (path: string, cookie: string, body: unknown = {}) =>
    fetch(`${server.url}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify(body),
    });
  const createConversation = async (cookie: string, title: string) => {
    const conversation = { id: `conv-${crypto.randomUUID()}`, title, model: DEMO_MODEL_ID };
    const response = await push(cookie, [
      ['createConversation', { ...conversation, createdAt: Date.now() }],
    ]);
    expect(response.status).toBe(200);
  };
  const pendingAnswer = async (userId: string) => {
    const answerId = `ended-answer-${++seeded}`;
    await seedAnswer(database.db, userId, { conversationId: `ended-conv-${seeded}`, answerId });
    return answerId;
  };
  const endedByServer = (stream: HeldStream, what: string) =>
    waitFor(() => (stream.endedByServer() ? true : undefined), { timeoutMs: endsWithinMs, what });

  test('signing out ends that browser’s poke stream, and a change made afterwards never reaches it', async () => {
    const alice = await signUp(server.url, 'Alice');
    const phone = await signInAgain(server.url, alice);
    await pushedBefore(alice.cookie, phone);
    const [laptopPokes, phonePokes] = await Promise.all([
      holdPokes(alice.cookie),
      holdPokes(phone),
    ]);

    expect((await authPost('sign-out', alice.cookie)).status).toBe(200);
    await createConversation(phone, 'Written after signing out');

    const heard = await waitFor(() => phonePokes.events[0], {
      what: 'the phone to hear the change',
    });
    // The change itself, as a patch: what the signed-out browser must not be sent.
    expect(heard.event).toBe('patch');
    expect(heard.data).toContain('Written after signing out');
    expect(laptopPokes.events).toEqual([]);
    await endedByServer(laptopPokes, 'the signed-out poke stream to end');
    expect(phonePokes.endedByServer()).toBe(false);
  });

  test('revoking the other sessions ends their poke and answer streams and refuses their pushes and pulls at once, while the revoking device goes on', async () => {
    const alice = await signUp(server.url, 'Alice');
    const phone = await signInAgain(server.url, alice);
    const answerId = await pendingAnswer(alice.userId);
    await pushedBefore(alice.cookie, phone);
    const [laptopPokes, laptopAnswer, phonePokes, phoneAnswer] = await Promise.all([
      holdPokes(alice.cookie),
      hold(`/api/streams/${answerId}`, alice.cookie),
      holdPokes(phone),
      hold(`/api/streams/${answerId}`, phone),
    ]);
    // Just checked, so remembered: the refusal below must not wait for that to lapse.
    expect((await push(alice.cookie)).status).toBe(200);

    expect((await authPost('revoke-other-sessions', phone)).status).toBe(200);
    expect((await pull(alice.cookie)).status).toBe(401);
    expect((await push(alice.cookie)).status).toBe(401);
    await chunks.append(answerId, 'after the revocation');
    await createConversation(phone, 'Written after revoking');

    await waitFor(() => phonePokes.events[0], { what: 'the phone to hear the change' });
    const phoneChunk = await waitFor(() => phoneAnswer.events.find((e) => e.event === 'chunk'), {
      what: 'the phone to hear the answer go on',
    });
    expect(phoneChunk.data).toBe(encodeChunk('after the revocation'));
    expect(laptopPokes.events).toEqual([]);
    expect(laptopAnswer.events).toEqual([]);
    await endedByServer(laptopPokes, 'the revoked poke stream to end');
    await endedByServer(laptopAnswer, 'the revoked answer stream to end');
    expect(phonePokes.endedByServer()).toBe(false);
    expect(phoneAnswer.endedByServer()).toBe(false);
    expect((await pull(phone)).status).toBe(200);
  });

  test('revoking one session from another device ends its streams, and only its own', async () => {
    const frank = await signUp(server.url, 'Frank');
    const phone = await signInAgain(server.url, frank);
    const answerId = await pendingAnswer(frank.userId);
    const [laptopPokes, laptopAnswer, phonePokes] = await Promise.all([
      holdPokes(frank.cookie),
      hold(`/api/streams/${answerId}`, frank.cookie),
      holdPokes(phone),
    ]);
    const token = decodeURIComponent(frank.cookie.split('=')[1] ?? '').split('.')[0];

    expect((await authPost('revoke-session', phone, { token })).status).toBe(200);

    await endedByServer(laptopPokes, 'the revoked poke stream to end');
    await endedByServer(laptopAnswer, 'the revoked answer stream to end');
    expect((await pull(frank.cookie)).status).toBe(401);
    expect(phonePokes.endedByServer()).toBe(false);
    expect((await pull(phone)).status).toBe(200);
  });

  test('deleting a person through Better Auth ends the streams of every one of their sessions', async () => {
    const bob = await signUp(server.url, 'Bob');
    const phone = await signInAgain(server.url, bob);
    const answerId = await pendingAnswer(bob.userId);
    const streams = await Promise.all([
      holdPokes(bob.cookie),
      holdPokes(phone),
      hold(`/api/streams/${answerId}`, phone),
    ]);
    // As an operator's tool would: its own Better Auth over the same database and pub/sub.
    const operator = createAuth({
      db: database.db,
      config: { authSecret, github: undefined, google: undefined, env: 'test' },
      baseUrl: server.url,
      pubsub,
    });
    await (await operator.$context).internalAdapter.deleteUser(bob.userId);

    for (const stream of streams) await endedByServer(stream, 'a deleted person’s stream to end');
    expect((await pull(bob.cookie)).status).toBe(401);
    expect((await pull(phone)).status).toBe(401);
  });

  test('a person whose row is deleted straight in the database loses their streams and is refused', async () => {
    const carol = await signUp(server.url, 'Carol');
    const answerId = await pendingAnswer(carol.userId);
    const pokes = await holdPokes(carol.cookie);
    const answer = await hold(`/api/streams/${answerId}`, carol.cookie);

    await database.db.delete(user).where(eq(user.id, carol.userId));

    await endedByServer(pokes, 'the poke stream to end');
    await endedByServer(answer, 'the answer stream to end');
    expect((await push(carol.cookie)).status).toBe(401);
  });

  test('a session deleted straight in the database, with nothing announced, ends its streams and is refused', async () => {
    const dave = await signUp(server.url, 'Dave');
    const answerId = await pendingAnswer(dave.userId);
    const pokes = await holdPokes(dave.cookie);
    const answer = await hold(`/api/streams/${answerId}`, dave.cookie);
    expect((await pull(dave.cookie)).status).toBe(200);

    await database.db.delete(session).where(eq(session.userId, dave.userId));

    await endedByServer(pokes, 'the poke stream to end');
    await endedByServer(answer, 'the answer stream to end');
    expect((await pull(dave.cookie)).status).toBe(401);
  });

  test('a session that expires ends its streams', async () => {
    const erin = await signUp(server.url, 'Erin');
    const answerId = await pendingAnswer(erin.userId);
    const pokes = await holdPokes(erin.cookie);
    const answer = await hold(`/api/streams/${answerId}`, erin.cookie);

    await database.db
      .update(session)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(session.userId, erin.userId));

    await endedByServer(pokes, 'the poke stream to end');
    await endedByServer(answer, 'the answer stream to end');
    expect((await pull(erin.cookie)).status).toBe(401);
  });
});
