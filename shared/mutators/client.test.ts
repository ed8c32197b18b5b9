import { Replicache } from 'replicache';
import { afterEach, describe, expect, test } from 'vitest';
import { Message } from '../entities.ts';
import { conversationKey, messagesOfConversationPrefix } from '../keys.ts';
import { DEMO_MODEL_ID } from '../models.ts';
import { clientMutators } from './client.ts';

// The optimistic mutators run inside a real (in-memory, offline) Replicache.
const open: Replicache<typeof clientMutators>[] = [];
function localReplicache() {
  const rep = new Replicache({
    name: `unit-${open.length}-${Date.now()}`,
    kvStore: 'mem',
    mutators: clientMutators,
    pullInterval: null,
    logLevel: 'error',
  });
  open.push(rep);
  return rep;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((rep) => rep.close()));
});

const messagesOf = (rep: Replicache<typeof clientMutators>, id: string) =>
  rep.query(async (tx) =>
    (
      await tx
        .scan({ prefix: messagesOfConversationPrefix(id) })
        .values()
        .toArray()
    )
      .map((v) => Message.parse(v))
      .sort((a, b) => a.order - b.order),
  );

const conversation = { id: 'c1', title: 'Hello', model: DEMO_MODEL_ID, createdAt: 1000 };
const send = (n: number, content = `message ${n}`) => ({
  conversationId: 'c1',
  userMessageId: `u${n}`,
  assistantMessageId: `a${n}`,
  content,
  model: DEMO_MODEL_ID,
  createdAt: 1000 + n,
});

describe('client mutators', () => {
  test('sendMessage shows the message and an empty answer at once, both queued, in order', async () => {
    const rep = localReplicache();
    await rep.mutate.createConversation(conversation);
    await rep.mutate.sendMessage(send(1, 'first'));
    await rep.mutate.sendMessage(send(2, 'second'));
    const messages = await messagesOf(rep, 'c1');
    expect(messages.map((m) => [m.id, m.role, m.content, m.status, m.order])).toEqual([
      ['u1', 'user', 'first', 'queued', 0],
      ['a1', 'assistant', '', 'queued', 1],
      ['u2', 'user', 'second', 'queued', 2],
      ['a2', 'assistant', '', 'queued', 3],
    ]);
  });

  test('createConversation twice keeps the first (a replay changes nothing)', async () => {
    const rep = localReplicache();
    await rep.mutate.createConversation(conversation);
    await rep.mutate.renameConversation({ id: 'c1', title: 'Renamed' });
    await rep.mutate.createConversation(conversation);
    expect(await rep.query((tx) => tx.get(conversationKey('c1')))).toMatchObject({
      title: 'Renamed',
    });
  });

  test('deleteConversation removes the conversation and all its messages', async () => {
    const rep = localReplicache();
    await rep.mutate.createConversation(conversation);
    await rep.mutate.sendMessage(send(1));
    await rep.mutate.deleteConversation({ id: 'c1' });
    expect(await rep.query((tx) => tx.has(conversationKey('c1')))).toBe(false);
    expect(await messagesOf(rep, 'c1')).toEqual([]);
  });

  test('setConversationModel and renameConversation change only what they name', async () => {
    const rep = localReplicache();
    await rep.mutate.createConversation(conversation);
    await rep.mutate.setConversationModel({ id: 'c1', model: 'openai/gpt-5' });
    await rep.mutate.renameConversation({ id: 'c1', title: '  Trimmed  ' });
    expect(await rep.query((tx) => tx.get(conversationKey('c1')))).toEqual({
      ...conversation,
      updatedAt: conversation.createdAt,
      model: 'openai/gpt-5',
      title: 'Trimmed',
    });
  });

  test('invalid arguments are rejected before anything is written', async () => {
    const rep = localReplicache();
    await rep.mutate.createConversation(conversation);
    await expect(rep.mutate.sendMessage({ ...send(1), content: '   ' })).rejects.toThrow(/empty/);
    await expect(
      rep.mutate.createConversation({ ...conversation, id: 'has space' }),
    ).rejects.toThrow();
    expect(await messagesOf(rep, 'c1')).toEqual([]);
  });
});
