import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const PullResponse = z.object({
  cookie: z.object({ order: z.number(), strategy: z.string() }),
  lastMutationIDChanges: z.record(z.string(), z.number()),
  patch: z.array(
    z.object({ op: z.string(), key: z.string().optional(), value: z.unknown().optional() }),
  ),
});

// The pull and poke protocols as Replicache sees them on the wire.
describe.each(databaseTargets())('pull and poke on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({ database, heartbeatMs: 50 });
    alice = await signUp(server.url, 'Alice');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const post = async (path: string, body: unknown, cookie = alice.cookie) => {
    const response = await fetch(`${server.url}/api/replicache/${path}`, {
      method: 'POST',
      headers: appRequestHeaders(server.url, cookie),
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const pull = async (clientGroupID: string, cookie: unknown, session = alice.cookie) =>
    PullResponse.parse(
      await post(
        'pull',
        { pullVersion: 1, schemaVersion: '', profileID: 'p', clientGroupID, cookie },
        session,
      ),
    );
  let mutationId = 0;
  const mutate = (name: string, args: unknown) =>
    post('push', {
      pushVersion: 1,
      schemaVersion: '',
      profileID: 'p',
      clientGroupID: 'writer',
      mutations: [{ id: ++mutationId, clientID: 'writer-1', name, args, timestamp: 1 }],
    });
  const createConversation = (id: string, title: string, createdAt: number) =>
    mutate('createConversation', { id, title, model: DEMO_MODEL_ID, createdAt });

  test('a first pull starts with clear, an unchanged pull sends nothing, a change sends only itself', async () => {
    await createConversation('p1', 'One', 1);
    await createConversation('p2', 'Two', 2);

    const first = await pull('reader', null);
    expect(first.patch[0]).toEqual({ op: 'clear' });
    expect(
      first.patch
        .slice(1)
        .map((op) => op.key)
        .sort(),
    ).toEqual(['conversation/p1', 'conversation/p2']);

    const unchanged = await pull('reader', first.cookie);
    expect(unchanged).toEqual({ cookie: first.cookie, lastMutationIDChanges: {}, patch: [] });

    await mutate('renameConversation', { id: 'p2', title: 'Two, renamed' });
    await mutate('deleteConversation', { id: 'p1' });
    const changed = await pull('reader', first.cookie);
    expect(changed.patch).toEqual([
      { op: 'del', key: 'conversation/p1' },
      {
        op: 'put',
        key: 'conversation/p2',
        value: expect.objectContaining({ title: 'Two, renamed' }),
      },
    ]);
    expect(changed.cookie.order).toBeGreaterThan(first.cookie.order);
  });

  test("a pull reports the pushing client's last mutation id to its own group only", async () => {
    const writer = await pull('writer', null);
    expect(writer.lastMutationIDChanges).toEqual({ 'writer-1': mutationId });
    const reader = await pull('reader-2', null);
    expect(reader.lastMutationIDChanges).toEqual({});
  });

  test('a pull reports only the last mutation ids that changed since its cookie, and none when the cookie stays', async () => {
    // Two tabs of one browser: one client group, two clients.
    const push = (clientID: string, id: number, args: unknown) =>
      post('push', {
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID: 'two-tabs',
        mutations: [{ id, clientID, name: 'createConversation', args, timestamp: 1 }],
      });
    const conversation = (id: string) => ({ id, title: id, model: DEMO_MODEL_ID, createdAt: 1 });
    await push('tab-1', 1, conversation('tab-1-a'));
    await push('tab-2', 1, conversation('tab-2-a'));

    const first = await pull('two-tabs', null);
    expect(first.lastMutationIDChanges).toEqual({ 'tab-1': 1, 'tab-2': 1 });
    // Replicache logs an error for an answer whose cookie did not move but reports changes.
    const unchanged = await pull('two-tabs', first.cookie);
    expect(unchanged).toEqual({ cookie: first.cookie, lastMutationIDChanges: {}, patch: [] });

    await push('tab-2', 2, conversation('tab-2-b'));
    const changed = await pull('two-tabs', first.cookie);
    expect(changed.lastMutationIDChanges).toEqual({ 'tab-2': 2 });
    expect(changed.cookie.order).toBeGreaterThan(first.cookie.order);

    // A refused mutation changes no row, but its new last mutation id moves the cookie.
    await push('tab-1', 2, { id: 'not a valid id!' });
    const refused = await pull('two-tabs', changed.cookie);
    expect(refused.lastMutationIDChanges).toEqual({ 'tab-1': 2 });
    expect(refused.patch).toEqual([]);
    expect(refused.cookie.order).toBeGreaterThan(changed.cookie.order);
    expect(await pull('two-tabs', refused.cookie)).toEqual({
      cookie: refused.cookie,
      lastMutationIDChanges: {},
      patch: [],
    });
  });

  test('a deleted conversation reaches a device as deletions of it and of its messages', async () => {
    await createConversation('p4', 'Four', 4);
    await mutate('sendMessage', {
      conversationId: 'p4',
      userMessageId: 'p4-question',
      assistantMessageId: 'p4-answer',
      content: 'Hello?',
      model: DEMO_MODEL_ID,
      createdAt: 4,
    });
    const before = await pull('reader-4', null);
    expect(before.patch.map((op) => op.key)).toContain('message/p4/p4-question');

    await mutate('deleteConversation', { id: 'p4' });
    const after = await pull('reader-4', before.cookie);
    expect(
      after.patch
        .filter((op) => op.op === 'del')
        .map((op) => op.key)
        .sort(),
    ).toEqual(['conversation/p4', 'message/p4/p4-answer', 'message/p4/p4-question']);
    expect(after.patch.filter((op) => op.op === 'put').map((op) => op.key)).not.toContain(
      'conversation/p4',
    );
  });

  test('one person pushing from many devices at once: every push lands, every row arrives', async () => {
    const devices = Array.from({ length: 100 }, () => pushClient(server.url, alice.cookie));
    const asked = await Promise.all(devices.map((device, i) => device.ask(`At once ${i}`)));
    const all = await pull('reader-6', null);
    const keys = all.patch.map((op) => op.key);
    for (const { conversationId } of asked) {
      expect(keys).toContain(`conversation/${conversationId}`);
    }
    // Their answers finish before the next test, whose poke stream must hear only its own.
    await waitFor(
      async () => {
        const { patch } = await pull('reader-6', null);
        const answers = patch.filter((op) => asked.some((a) => op.key?.endsWith(`/${a.answerId}`)));
        const done = answers.filter((op) => (op.value as { status?: string }).status === 'done');
        return done.length === asked.length ? true : undefined;
      },
      // A hundred answers, each its own run writing to the one person's rows.
      { what: 'the answers to finish', timeoutMs: 60_000 },
    );
    // A hundred pushes in turn on one person's queue, then their hundred answers.
  }, 180_000);

  test('a cookie from a server that never handed it out starts over with clear', async () => {
    const response = await pull('reader-5', { order: 987654, strategy: 'user-version' });
    expect(response.patch[0]).toEqual({ op: 'clear' });
  });

  test('a cookie of the earlier strategy starts over with clear', async () => {
    const response = await pull('reader-3', { order: 987654 });
    expect(response.patch[0]).toEqual({ op: 'clear' });
  });

  test('the poke stream is unbuffered, sends heartbeats, and pokes after a push', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const probe = await fetch(`${server.url}/api/replicache/poke`, {
      headers: { cookie: alice.cookie },
      signal: abort.signal,
    });
    await probe.body?.cancel();
    expect(probe.headers.get('content-type')).toContain('text/event-stream');
    expect(probe.headers.get('x-accel-buffering')).toBe('no');

    let opened: () => void = () => {};
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const reading = readEvents(
      `${server.url}/api/replicache/poke`,
      { cookie: alice.cookie },
      abort.signal,
      {
        onOpen: opened,
        onEvent: (event) => {
          seen.push(event.event);
          if (event.event === 'poke') abort.abort();
        },
        onComment: (comment) => seen.push(comment),
      },
    ).catch(() => {});
    await open;
    await waitFor(() => (seen.includes('heartbeat') ? true : undefined), { what: 'a heartbeat' });
    await createConversation('p3', 'Three', 3);
    await reading;
    expect(seen).toContain('poke');
    expect(seen[0]).toBe('connected');
  });

  test('a poke stream that names its client group hears a push as the patch a pull of that group would answer; others are poked', async () => {
    // Two groups in one browser (one session), each with its own stream; a stream that takes
    // patches but names no group (an older app) and one that takes none are poked. The
    // writer's client is known before (a client's first push is poked: no counter known).
    await createConversation('patched-before', 'Before', 6);
    const before = await pull('writer', null);
    const secondBefore = await pull('second', null);
    const mallory = await signUp(server.url, 'Mallory');
    await pull('mallorys', null, mallory.cookie);
    const stolen = await fetch(`${server.url}/api/replicache/poke?patches=1&group=mallorys`, {
      headers: { cookie: alice.cookie },
    });
    expect(stolen.status).toBe(404);

    const abort = new AbortController();
    const events: { stream: string; event: string; data: string }[] = [];
    const listen = (stream: string, query: string) => {
      let opened: () => void = () => {};
      const open = new Promise<void>((resolve) => {
        opened = resolve;
      });
      const url = `${server.url}/api/replicache/poke${query}`;
      const reading = readEvents(url, { cookie: alice.cookie }, abort.signal, {
        onOpen: opened,
        onEvent: (event) => events.push({ stream, event: event.event, data: event.data }),
      }).catch(() => {});
      return { open, reading };
    };
    const streams = [
      listen('writer', '?patches=1&group=writer'),
      listen('second', '?patches=1&group=second'),
      listen('unnamed', '?patches=1'),
      listen('plain', '?group=second'),
    ];
    await Promise.all(streams.map((stream) => stream.open));

    await createConversation('patched', 'Patched', 7);
    const heard = (stream: string) =>
      waitFor(() => events.find((e) => e.stream === stream), { what: `an event on ${stream}` });
    const [writer, secondHeard, unnamedHeard, plainHeard] = await Promise.all(
      ['writer', 'second', 'unnamed', 'plain'].map(heard),
    );
    abort.abort();
    await Promise.all(streams.map((stream) => stream.reading));

    expect(unnamedHeard?.event).toBe('poke');
    expect(plainHeard?.event).toBe('poke');
    const patchOf = (event: { event: string; data: string } | undefined) => {
      expect(event?.event).toBe('patch');
      return z
        .object({ baseCookie: z.unknown(), pullResponse: PullResponse })
        .parse(JSON.parse(event?.data ?? ''));
    };
    // Exactly what a pull from where each group was would answer: the same rows, and each
    // group's own clients.
    const writerPatch = patchOf(writer);
    expect(writerPatch.baseCookie).toEqual(before.cookie);
    expect(writerPatch.pullResponse).toEqual(await pull('writer', before.cookie));
    expect(writerPatch.pullResponse.patch.map((op) => op.key)).toContain('conversation/patched');
    expect(writerPatch.pullResponse.lastMutationIDChanges).toEqual({ 'writer-1': mutationId });
    const secondPatch = patchOf(secondHeard);
    expect(secondPatch.baseCookie).toEqual(secondBefore.cookie);
    expect(secondPatch.pullResponse).toEqual(await pull('second', secondBefore.cookie));
    expect(secondPatch.pullResponse.lastMutationIDChanges).toEqual({});
  });
});
