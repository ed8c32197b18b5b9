import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { copiedAttachmentId, copiedMessageId } from '../../shared/branches.ts';
import { openFileStorage } from '../attachments/file-storage.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { attachment } from '../db/attachment-schema.ts';
import { pngBytes } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

describe.each(databaseTargets())('attachments in branches on $name', (target) => {
  let storage: AttachmentStorage;
  const suite = useServerOnFakeOpenRouter(target, {
    env: { DEMO_WORDS_PER_SECOND: '1000' },
    server: async () => {
      storage = await openFileStorage(mkdtempSync(join(tmpdir(), 'parley-branch-files-')));
      return { attachments: storage };
    },
  });
  let alice: TestAccount;

  beforeAll(async () => {
    alice = await signUp(suite.server.url, 'Alice');
  });

  async function upload(name: string, bytes: Uint8Array) {
    const id = `att-${randomUUID()}`;
    const response = await fetch(`${suite.server.url}/api/attachments/${id}?name=${name}`, {
      method: 'PUT',
      headers: {
        cookie: alice.cookie,
        origin: suite.server.url,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(response.status).toBe(201);
    return id;
  }
  /** The attachment's bytes as its owner downloads them, or its status when there are none. */
  const download = async (id: string) => {
    const response = await fetch(`${suite.server.url}/api/attachments/${id}`, {
      headers: { cookie: alice.cookie },
    });
    return response.ok ? Buffer.from(await response.arrayBuffer()) : response.status;
  };
  const storageKeys = async (ids: string[]) =>
    (
      await suite.database.db
        .select({ id: attachment.id, key: attachment.storageKey })
        .from(attachment)
        .where(inArray(attachment.id, ids))
    ).map((row) => row.key);

  test('Branch off brings the attachments along with bytes of their own, which outlive the parent', async () => {
    const photo = pngBytes(2048);
    const photoId = await upload('photo.png', photo);
    const client = pushClient(suite.server.url, alice.cookie);
    const { conversationId, answerId } = await client.ask('Look', undefined, {
      attachmentIds: [photoId],
    });
    await settledAnswer(suite.database.db, answerId);

    const branchId = `b-${randomUUID().slice(0, 8)}`;
    await client.mutate('branchConversation', {
      id: branchId,
      parentId: conversationId,
      branchPointMessageId: answerId,
      createdAt: Date.now(),
    });
    const copyId = copiedAttachmentId(branchId, 0, 0);
    const copy = (await client.attachments()).find((row) => row.id === copyId);
    expect(copy).toMatchObject({
      messageId: copiedMessageId(branchId, 0),
      name: 'photo.png',
      mediaType: 'image/png',
      size: photo.length,
    });
    expect(await download(copyId)).toEqual(photo);
    const [originalKey, copyKey] = await storageKeys([photoId, copyId]);
    expect(new Set([originalKey, copyKey]).size).toBe(2);

    // The parent goes, and its bytes with it; the branch keeps its copy.
    await client.mutate('deleteConversation', { id: conversationId });
    await waitFor(async () => (await download(photoId)) === 404 || undefined, {
      what: 'the parent’s attachment to be gone',
    });
    await waitFor(
      async () =>
        (await suite.database.db.select().from(attachment).where(eq(attachment.id, photoId)))
          .length === 0 && (await storage.get(originalKey as string)) === undefined,
      { what: 'the parent’s bytes to be swept' },
    );
    expect(await download(copyId)).toEqual(photo);
  });

  test('an edit copies the attachments of the messages before the edited one', async () => {
    const chart = pngBytes(1024);
    const chartId = await upload('chart.png', chart);
    const client = pushClient(suite.server.url, alice.cookie);
    const first = await client.ask('Here is the chart', undefined, { attachmentIds: [chartId] });
    await settledAnswer(suite.database.db, first.answerId);
    const secondId = `u-${randomUUID()}`;
    const secondAnswer = `a-${randomUUID()}`;
    await client.mutate('sendMessage', {
      conversationId: first.conversationId,
      userMessageId: secondId,
      assistantMessageId: secondAnswer,
      content: 'What does it show?',
      model: 'parley/demo',
      createdAt: Date.now(),
    });
    await settledAnswer(suite.database.db, secondAnswer);

    const editId = `e-${randomUUID().slice(0, 8)}`;
    const editedAnswer = `a-${randomUUID()}`;
    await client.mutate('editMessage', {
      id: editId,
      parentId: first.conversationId,
      messageId: secondId,
      userMessageId: `u-${randomUUID()}`,
      assistantMessageId: editedAnswer,
      content: 'What trend does it show?',
      model: 'parley/demo',
      createdAt: Date.now(),
    });
    await settledAnswer(suite.database.db, editedAnswer);
    const copyId = copiedAttachmentId(editId, 0, 0);
    expect((await client.attachments()).find((row) => row.id === copyId)).toMatchObject({
      messageId: copiedMessageId(editId, 0),
      name: 'chart.png',
    });
    expect(await download(copyId)).toEqual(chart);
  });

  test('a branch keeps the images an answer made, as copies of its own', async () => {
    const picture = pngBytes(700);
    suite.openRouter.script({
      kind: 'text',
      chunks: ['A cat.'],
      images: [`data:image/png;base64,${picture.toString('base64')}`],
    });
    const client = pushClient(suite.server.url, alice.cookie);
    const { conversationId, answerId } = await client.ask(
      'Draw a cat',
      'google/gemini-2.5-flash-image',
    );
    await settledAnswer(suite.database.db, answerId);
    await waitFor(
      async () =>
        (await client.attachments()).some((row) => row.messageId === answerId) || undefined,
      { what: 'the answer’s image' },
    );

    const branchId = `g-${randomUUID().slice(0, 8)}`;
    await client.mutate('branchConversation', {
      id: branchId,
      parentId: conversationId,
      branchPointMessageId: answerId,
      createdAt: Date.now(),
    });
    const copyId = copiedAttachmentId(branchId, 1, 0);
    expect((await client.attachments()).find((row) => row.id === copyId)).toMatchObject({
      messageId: copiedMessageId(branchId, 1),
      source: 'generated',
      mediaType: 'image/png',
    });
    expect(await download(copyId)).toEqual(picture);
  });
});
