import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
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

describe.each(databaseTargets())('branches on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;
  const clients: SyncClient[] = [];
  const open = () => {
    const client = openSyncClient(server.url, alice.cookie);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({ database, env: { DEMO_WORDS_PER_SECOND: '1000' } });
    alice = await signUp(server.url, 'Alice');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
    await database?.close();
  });

  /** A conversation of two answered questions, as every device sees it once answered. */
  async function twoExchanges(device: SyncClient, id: string) {
    await device.rep.mutate.createConversation({
      id,
      title: 'Trip',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    for (const n of [1, 2]) {
      await device.rep.mutate.sendMessage({
        conversationId: id,
        userMessageId: `${id}-q${n}`,
        assistantMessageId: `${id}-a${n}`,
        content: `question ${n}`,
        model: DEMO_MODEL_ID,
        createdAt: Date.now(),
      });
    }
    return answered(device, id, 4);
  }

  /** Waits until `device` holds `count` messages of `id`, all done; returns them. */
  const answered = (device: SyncClient, id: string, count: number) =>
    waitFor(
      async () => {
        const messages = await listMessages(device, id);
        return messages.length === count && messages.every((m) => m.status === 'done')
          ? messages
          : undefined;
      },
      { what: `${count} answered messages in ${id}` },
    );

  test('Branch off copies the conversation up to the answer, linked to it, on every device', async () => {
    const laptop = open();
    const phone = open();
    await Promise.all([laptop.listening, phone.listening]);
    await twoExchanges(laptop, 'trip');

    await laptop.rep.mutate.branchConversation({
      id: 'trip-branch',
      parentId: 'trip',
      branchPointMessageId: 'trip-a1',
      createdAt: Date.now(),
    });

    const copies = await answered(phone, 'trip-branch', 2);
    expect(copies.map((m) => [m.id, m.role, m.content])).toEqual([
      ['trip-branch-0', 'user', 'question 1'],
      ['trip-branch-1', 'assistant', 'question 1'],
    ]);
    const branch = (await listConversations(phone)).find((c) => c.id === 'trip-branch');
    expect(branch).toMatchObject({
      title: 'Trip',
      parentConversationId: 'trip',
      branchPointMessageId: 'trip-a1',
      branchKind: 'branch',
    });
    // The parent is untouched.
    expect((await listMessages(phone, 'trip')).map((m) => m.content)).toEqual([
      'question 1',
      'question 1',
      'question 2',
      'question 2',
    ]);
  });

  test('Edit keeps the context before the message, answers the new text, and leaves the original', async () => {
    const laptop = open();
    const phone = open();
    await Promise.all([laptop.listening, phone.listening]);
    await twoExchanges(laptop, 'plan');

    await laptop.rep.mutate.editMessage({
      id: 'plan-edit',
      parentId: 'plan',
      messageId: 'plan-q2',
      userMessageId: 'plan-edit-q',
      assistantMessageId: 'plan-edit-a',
      content: 'question 2, better',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });

    const edited = await answered(phone, 'plan-edit', 4);
    expect(edited.map((m) => [m.role, m.content])).toEqual([
      ['user', 'question 1'],
      ['assistant', 'question 1'],
      ['user', 'question 2, better'],
      ['assistant', 'question 2, better'],
    ]);
    const branch = (await listConversations(phone)).find((c) => c.id === 'plan-edit');
    expect(branch).toMatchObject({
      parentConversationId: 'plan',
      branchPointMessageId: 'plan-q2',
      branchKind: 'edit',
    });
    expect((await listMessages(phone, 'plan')).map((m) => m.content)).toEqual([
      'question 1',
      'question 1',
      'question 2',
      'question 2',
    ]);
  });

  test('a pin reaches the other devices, and so does an unpin', async () => {
    const laptop = open();
    const phone = open();
    await Promise.all([laptop.listening, phone.listening]);
    await laptop.rep.mutate.createConversation({
      id: 'pinned',
      title: 'Keep',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    const pinnedAt = (device: SyncClient) =>
      listConversations(device).then((all) => all.find((c) => c.id === 'pinned')?.pinnedAt);

    await laptop.rep.mutate.pinConversation({ id: 'pinned', pinned: true, at: Date.now() });
    await waitFor(async () => ((await pinnedAt(phone)) ? true : undefined), {
      what: 'the pin to reach the phone',
    });
    await phone.rep.mutate.pinConversation({ id: 'pinned', pinned: false, at: Date.now() });
    await waitFor(async () => ((await pinnedAt(laptop)) === null ? true : undefined), {
      what: 'the unpin to reach the laptop',
    });
  });
});
