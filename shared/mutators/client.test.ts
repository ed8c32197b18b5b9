import { Replicache, type WriteTransaction } from 'replicache';
import { afterEach, describe, expect, test } from 'vitest';
import { Attachment, Message } from '../entities.ts';
import { attachmentKey, conversationKey, messageKey } from '../keys.ts';
import { DEMO_MODEL_ID } from '../models.ts';
import { listMessages } from '../queries.ts';
import { clientMutators } from './client.ts';

// The optimistic mutators run inside a real (in-memory, offline) Replicache, with one more that
// stands in for the server's finished answer arriving by pull.
const mutators = {
  ...clientMutators,
  /** Stands in for an attachment row arriving by pull. */
  async putAttachment(tx: WriteTransaction, row: Attachment) {
    await tx.set(attachmentKey(row.id), row);
  },
  async finishAnswer(tx: WriteTransaction, { id, content }: { id: string; content: string }) {
    const answer = Message.parse(await tx.get(messageKey('c1', id)));
    await tx.set(messageKey('c1', id), { ...answer, status: 'done', content });
  },
};
type LocalReplicache = Replicache<typeof mutators>;
const open: LocalReplicache[] = [];
function localReplicache(): LocalReplicache {
  const rep = new Replicache({
    name: `unit-${open.length}-${Date.now()}`,
    kvStore: 'mem',
    mutators,
    pullInterval: null,
    logLevel: 'error',
  });
  open.push(rep);
  return rep;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((rep) => rep.close()));
});

const messagesOf = (rep: LocalReplicache, id: string) => rep.query((tx) => listMessages(tx, id));

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
      parentConversationId: null,
      branchPointMessageId: null,
      branchKind: null,
      pinnedAt: null,
      webSearch: false,
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

  describe('branches', () => {
    test('Branch off copies the messages up to and including the answer into a linked conversation', async () => {
      const rep = localReplicache();
      await rep.mutate.createConversation(conversation);
      await rep.mutate.sendMessage(send(1));
      await rep.mutate.sendMessage(send(2));
      // A queued answer cannot be branched at: nothing happens.
      await rep.mutate.branchConversation({
        id: 'b1',
        parentId: 'c1',
        branchPointMessageId: 'a1',
        createdAt: 5000,
      });
      expect(await rep.query((tx) => tx.has(conversationKey('b1')))).toBe(false);

      await rep.mutate.finishAnswer({ id: 'a1', content: 'the first answer' });
      await rep.mutate.branchConversation({
        id: 'b1',
        parentId: 'c1',
        branchPointMessageId: 'a1',
        createdAt: 5000,
      });
      expect(await rep.query((tx) => tx.get(conversationKey('b1')))).toEqual({
        id: 'b1',
        title: 'Hello',
        model: DEMO_MODEL_ID,
        createdAt: 5000,
        updatedAt: 5000,
        parentConversationId: 'c1',
        branchPointMessageId: 'a1',
        branchKind: 'branch',
        pinnedAt: null,
        webSearch: false,
      });
      const copies = await messagesOf(rep, 'b1');
      expect(copies.map((m) => [m.id, m.conversationId, m.role, m.content, m.order])).toEqual([
        ['b1-0', 'b1', 'user', 'message 1', 0],
        ['b1-1', 'b1', 'assistant', 'the first answer', 1],
      ]);
      expect(await messagesOf(rep, 'c1')).toHaveLength(4);
    });

    test('a branch copies the attachments of the messages it copies, under ids of their own', async () => {
      const rep = localReplicache();
      await rep.mutate.createConversation(conversation);
      await rep.mutate.sendMessage(send(1));
      const file = (id: string, name: string, createdAt: number): Attachment => ({
        id,
        messageId: 'u1',
        name,
        mediaType: 'image/png',
        size: 10,
        pageCount: null,
        createdAt,
        source: 'upload',
      });
      await rep.mutate.putAttachment(file('f2', 'second.png', 2000));
      await rep.mutate.putAttachment(file('f1', 'first.png', 1000));
      await rep.mutate.putAttachment({ ...file('f3', 'loose.png', 3000), messageId: null });
      await rep.mutate.finishAnswer({ id: 'a1', content: 'an answer' });
      await rep.mutate.branchConversation({
        id: 'b1',
        parentId: 'c1',
        branchPointMessageId: 'a1',
        createdAt: 5000,
      });
      const rows = await rep.query((tx) => tx.scan({ prefix: 'attachment/' }).values().toArray());
      const copies = rows
        .map((row) => Attachment.parse(row))
        .filter((row) => row.id.startsWith('b1'));
      expect(copies.map((row) => [row.id, row.messageId, row.name])).toEqual([
        ['b1-0-0', 'b1-0', 'first.png'],
        ['b1-0-1', 'b1-0', 'second.png'],
      ]);
    });

    test('Edit copies the messages before the edited one, then sends the new text in its place', async () => {
      const rep = localReplicache();
      await rep.mutate.createConversation(conversation);
      await rep.mutate.sendMessage(send(1));
      await rep.mutate.sendMessage(send(2));
      await rep.mutate.editMessage({
        id: 'e1',
        parentId: 'c1',
        messageId: 'u2',
        userMessageId: 'u2b',
        assistantMessageId: 'a2b',
        content: 'message 2, edited',
        model: 'openai/gpt-5',
        createdAt: 6000,
      });
      const edited = await messagesOf(rep, 'e1');
      expect(edited.map((m) => [m.id, m.role, m.content, m.status, m.order])).toEqual([
        ['e1-0', 'user', 'message 1', 'queued', 0],
        ['e1-1', 'assistant', '', 'stopped', 1],
        ['u2b', 'user', 'message 2, edited', 'queued', 2],
        ['a2b', 'assistant', '', 'queued', 3],
      ]);
      expect(await rep.query((tx) => tx.get(conversationKey('e1')))).toMatchObject({
        parentConversationId: 'c1',
        branchPointMessageId: 'u2',
        branchKind: 'edit',
        model: 'openai/gpt-5',
      });
      // The original stays as it was: both versions are reachable.
      expect((await messagesOf(rep, 'c1')).map((m) => m.content)).toEqual([
        'message 1',
        '',
        'message 2',
        '',
      ]);
    });

    test('an answer cannot be edited, and a branch id already in use is left alone', async () => {
      const rep = localReplicache();
      await rep.mutate.createConversation(conversation);
      await rep.mutate.sendMessage(send(1));
      const edit = {
        id: 'e1',
        parentId: 'c1',
        messageId: 'a1',
        userMessageId: 'x1',
        assistantMessageId: 'x2',
        content: 'edited',
        model: DEMO_MODEL_ID,
        createdAt: 6000,
      };
      await rep.mutate.editMessage(edit);
      expect(await rep.query((tx) => tx.has(conversationKey('e1')))).toBe(false);
      await rep.mutate.editMessage({ ...edit, id: 'c1', messageId: 'u1' });
      expect(await messagesOf(rep, 'c1')).toHaveLength(2);
    });

    test('pinConversation pins and unpins', async () => {
      const rep = localReplicache();
      await rep.mutate.createConversation(conversation);
      await rep.mutate.pinConversation({ id: 'c1', pinned: true, at: 7000 });
      expect(await rep.query((tx) => tx.get(conversationKey('c1')))).toMatchObject({
        pinnedAt: 7000,
      });
      await rep.mutate.pinConversation({ id: 'c1', pinned: false, at: 8000 });
      expect(await rep.query((tx) => tx.get(conversationKey('c1')))).toMatchObject({
        pinnedAt: null,
      });
    });
  });
});
