import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import {
  listConversations,
  listMessages,
  openSyncClient,
  type SyncClient,
} from '../testing/sync-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const now = () => Date.now();

// Neon's driver too: sync is the suite that stands for every query the app makes.
describe.each(databaseTargets({ neon: true }))('sync on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;
  let mallory: TestAccount;
  const clients: SyncClient[] = [];
  const open = (account: TestAccount) => {
    const client = openSyncClient(server.url, account.cookie);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({ database });
    alice = await signUp(server.url, 'Alice');
    mallory = await signUp(server.url, 'Mallory');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
    await database?.close();
  });

  test('two devices of one user converge through push, poke and pull', async () => {
    const laptop = open(alice);
    const phone = open(alice);
    await Promise.all([laptop.listening, phone.listening]);

    await laptop.rep.mutate.createConversation({
      id: 'conv-converge',
      title: 'Trip to Lisbon',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });
    await laptop.rep.mutate.sendMessage({
      conversationId: 'conv-converge',
      userMessageId: 'msg-converge-user',
      assistantMessageId: 'msg-converge-answer',
      content: 'Where should we eat tonight?',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });

    // The phone never pulls on its own (no interval): only a poke can bring this.
    const messages = await waitFor(
      async () => {
        const list = await listMessages(phone, 'conv-converge');
        return list.length === 2 && list[1]?.status === 'done' ? list : undefined;
      },
      // A push, an answer streamed by the fake model, and a poke and pull per change.
      { what: 'the answer to reach the second device', timeoutMs: 30_000 },
    );
    expect(messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Where should we eat tonight?', 'done'],
      ['assistant', 'Where should we eat tonight?', 'done'],
    ]);
    expect((await listConversations(phone)).map((c) => c.title)).toEqual(['Trip to Lisbon']);

    await phone.rep.mutate.renameConversation({ id: 'conv-converge', title: 'Lisbon, day one' });
    await waitFor(async () =>
      (await listConversations(laptop))[0]?.title === 'Lisbon, day one' ? true : undefined,
    );
  });

  test('two client groups in one browser each get only their own patches, and their changes settle without help', async () => {
    // One session, two Replicache instances (tabs of two versions of the app): two client
    // groups. Neither pulls but when a patch does not apply, so only the right patches
    // settle their pending mutations.
    const tabs = [0, 1].map(() => {
      const client = openSyncClient(server.url, alice.cookie, { patches: true });
      clients.push(client);
      return client;
    });
    await Promise.all(tabs.map((tab) => tab.listening));
    await Promise.all(tabs.map((tab) => tab.rep.pull()));

    const [older, newer] = tabs as [SyncClient, SyncClient];
    await older.rep.mutate.createConversation({
      id: 'conv-two-groups',
      title: 'Renamed 0',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });
    await waitFor(
      async () =>
        (await listConversations(newer)).some((c) => c.id === 'conv-two-groups') ? true : undefined,
      { what: 'the conversation to reach the other group' },
    );
    for (let n = 1; n <= 40; n++) {
      const tab = n % 2 === 0 ? older : newer;
      await tab.rep.mutate.renameConversation({ id: 'conv-two-groups', title: `Renamed ${n}` });
    }

    for (const tab of tabs) {
      // The 40 renames are 40 transactions in turn on one person's queue, each acknowledged
      // once its push is done: on a loaded 2-core machine that honestly takes up to ~40 s.
      await waitFor(
        async () =>
          (await tab.rep.experimentalPendingMutations()).length === 0 ? true : undefined,
        { what: "a group's own renames to be acknowledged", timeoutMs: 50_000 },
      );
      await waitFor(async () =>
        (await listConversations(tab)).find((c) => c.id === 'conv-two-groups')?.title ===
        'Renamed 40'
          ? true
          : undefined,
      );
    }
    // A group more than one step behind when a change lands is poked to pull instead (as a
    // loaded machine makes likely for one of them), so patches are counted over both groups.
    // A patch is read from the database after its push has committed, so a later push's poke
    // may settle both groups by pulling before it arrives: it is waited for, not read once.
    await waitFor(() => (tabs.some((tab) => tab.patches.length > 0) ? true : undefined), {
      what: 'a patch to reach either group',
    });
    for (const tab of tabs) {
      const own = tab.rep.clientID;
      for (const { pullResponse } of tab.patches) {
        expect(Object.keys(pullResponse.lastMutationIDChanges).filter((id) => id !== own)).toEqual(
          [],
        );
      }
    }
  }, 90_000);

  test("another user pulls none of a user's rows and cannot change them", async () => {
    const own = open(alice);
    await own.rep.mutate.createConversation({
      id: 'conv-private',
      title: 'Private plans',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });
    await waitFor(async () =>
      (await listConversations(own)).some((c) => c.id === 'conv-private') ? true : undefined,
    );
    await own.rep.push();
    await waitFor(
      async () => ((await own.rep.experimentalPendingMutations()).length === 0 ? true : undefined),
      {
        what: 'the push to be acknowledged',
      },
    );

    const intruder = open(mallory);
    await intruder.rep.pull();
    expect(await listConversations(intruder)).toEqual([]);

    // Mutations aimed at Alice's rows: each is refused, and the queue moves on past them.
    await intruder.rep.mutate.renameConversation({ id: 'conv-private', title: 'pwned' });
    await intruder.rep.mutate.setConversationModel({ id: 'conv-private', model: 'openai/gpt-5' });
    await intruder.rep.mutate.deleteConversation({ id: 'conv-private' });
    await intruder.rep.mutate.createConversation({
      id: 'conv-private',
      title: 'mine now',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });
    await intruder.rep.mutate.sendMessage({
      conversationId: 'conv-private',
      userMessageId: 'msg-intruder-1',
      assistantMessageId: 'msg-intruder-2',
      content: 'hello?',
      model: DEMO_MODEL_ID,
      createdAt: now(),
    });
    await intruder.rep.mutate.pinConversation({ id: 'conv-private', pinned: true, at: now() });
    // Branching needs the parent on the device, which the intruder does not have; the pushed
    // mutation is what the server sees, so push it as a device that claims otherwise would.
    for (const [name, args] of [
      [
        'branchConversation',
        {
          id: 'conv-stolen',
          parentId: 'conv-private',
          branchPointMessageId: 'x',
          createdAt: now(),
        },
      ],
      [
        'editMessage',
        {
          id: 'conv-stolen-2',
          parentId: 'conv-private',
          messageId: 'x',
          userMessageId: 'msg-intruder-3',
          assistantMessageId: 'msg-intruder-4',
          content: 'hi',
          model: DEMO_MODEL_ID,
          createdAt: now(),
        },
      ],
    ] as const) {
      await pushClient(server.url, mallory.cookie).mutate(name, args);
    }
    await waitFor(
      async () =>
        (await intruder.rep.experimentalPendingMutations()).length === 0 ? true : undefined,
      { what: "the server to acknowledge the intruder's refused mutations" },
    );
    await intruder.rep.pull();

    expect(await listConversations(intruder)).toEqual([]);
    const check = open(alice);
    await check.rep.pull();
    const conversation = (await listConversations(check)).find((c) => c.id === 'conv-private');
    expect(conversation).toMatchObject({
      id: 'conv-private',
      title: 'Private plans',
      model: DEMO_MODEL_ID,
      pinnedAt: null,
    });
    expect((await listConversations(check)).map((c) => c.id)).not.toContain('conv-stolen');
    expect(await listMessages(check, 'conv-private')).toEqual([]);
  });

  describe('bad requests get a 4xx and change nothing', () => {
    const push = (body: string, cookie = alice.cookie) =>
      fetch(`${server.url}/api/replicache/push`, {
        method: 'POST',
        headers: appRequestHeaders(server.url, cookie),
        body,
      });
    const validPush = (clientGroupID: string, name: string, args: unknown) =>
      JSON.stringify({
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID,
        mutations: [{ id: 1, clientID: `${clientGroupID}-c`, name, args, timestamp: 1 }],
      });
    const conversationCount = async () => {
      const client = open(alice);
      await client.rep.pull();
      return (await listConversations(client)).length;
    };

    test('malformed JSON is a 400', async () => {
      const before = await conversationCount();
      const response = await push('{"pushVersion": 1, "mutations": [');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
      expect(await conversationCount()).toBe(before);
    });

    test('a mistyped push body is a 400 that says where', async () => {
      const before = await conversationCount();
      const response = await push(
        JSON.stringify({
          pushVersion: 1,
          schemaVersion: '',
          profileID: 'p',
          clientGroupID: 'g',
          mutations: 'nope',
        }),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'bad_request', message: expect.stringContaining('mutations') },
      });
      expect(await conversationCount()).toBe(before);
    });

    test('a 2 MB push is refused with 413 before it is read', async () => {
      const before = await conversationCount();
      const response = await push(
        validPush('g-big', 'createConversation', {
          id: 'conv-big',
          title: 'x'.repeat(2 * 1024 * 1024),
          model: DEMO_MODEL_ID,
          createdAt: 1,
        }),
      );
      expect(response.status).toBe(413);
      expect(await conversationCount()).toBe(before);
    });

    test('a push on somebody else’s client group is a 404 and changes nothing', async () => {
      const group = 'g-owned-by-alice';
      const ok = await push(
        validPush(group, 'createConversation', {
          id: 'conv-g',
          title: 'G',
          model: DEMO_MODEL_ID,
          createdAt: 1,
        }),
      );
      expect(ok.status).toBe(200);
      const before = await conversationCount();
      const response = await push(
        validPush(group, 'deleteConversation', { id: 'conv-g' }).replace('"id":1', '"id":2'),
        mallory.cookie,
      );
      expect(response.status).toBe(404);
      expect(await conversationCount()).toBe(before);
    });

    test('mutator arguments that fail the shared schema are refused, the rest of the push applies', async () => {
      const group = 'g-mixed';
      const body = JSON.stringify({
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID: group,
        mutations: [
          {
            id: 1,
            clientID: 'c-mixed',
            name: 'createConversation',
            args: { id: 'bad id!', title: 1 },
            timestamp: 1,
          },
          { id: 2, clientID: 'c-mixed', name: 'noSuchMutator', args: {}, timestamp: 1 },
          {
            id: 3,
            clientID: 'c-mixed',
            name: 'createConversation',
            args: { id: 'conv-mixed', title: 'Kept', model: DEMO_MODEL_ID, createdAt: 1 },
            timestamp: 1,
          },
        ],
      });
      expect((await push(body)).status).toBe(200);
      const client = open(alice);
      await client.rep.pull();
      const titles = (await listConversations(client)).map((c) => c.title);
      expect(titles).toContain('Kept');
      expect(titles).not.toContain(1);
    });

    test('requests without a session are a 401', async () => {
      for (const path of ['/api/replicache/push', '/api/replicache/pull']) {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: '{}',
        });
        expect(response.status).toBe(401);
      }
      expect((await fetch(`${server.url}/api/replicache/poke`)).status).toBe(401);
    });
  });
});
