import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { message } from '../db/chat-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { pdfBytes, pngBytes } from '../testing/attachment-files.ts';
import { pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { type DatabaseTarget, databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { uploadsNeverCame } from './awaited-uploads.ts';

/** A server of its own for a suite, whose answers wait `uploadWaitMs` for their uploads. */
function useServer(target: DatabaseTarget, uploadWaitMs: number) {
  const state = {} as { server: RunningServer; database: DatabaseHandle; alice: TestAccount };
  beforeAll(async () => {
    state.database = await target.open();
    state.server = await startTestServer({ database: state.database, uploadWaitMs });
    state.alice = await signUp(state.server.url, 'Alice');
  });
  afterAll(async () => {
    await state.server?.close();
    await state.database?.close();
  });
  const put = (id: string, name: string, body: Uint8Array, query = '') =>
    fetch(`${state.server.url}/api/attachments/${id}?name=${encodeURIComponent(name)}${query}`, {
      method: 'PUT',
      headers: {
        cookie: state.alice.cookie,
        origin: state.server.url,
        'content-type': 'application/octet-stream',
      },
      body,
    });
  const row = async (id: string) => {
    const [found] = await state.database.db.select().from(message).where(eq(message.id, id));
    return found;
  };
  /** A new conversation of Alice's, and a way to send in it as a device's push does. */
  const openConversation = async () => {
    const client = pushClient(state.server.url, state.alice.cookie);
    const conversationId = `c-${randomUUID()}`;
    await client.mutate('createConversation', {
      id: conversationId,
      title: 'Files',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    /** Sends `content` naming `attachmentIds`. */
    return async (content: string, attachmentIds: string[]) => {
      const userMessageId = `u-${randomUUID()}`;
      const answerId = `a-${randomUUID()}`;
      await client.mutate('sendMessage', {
        conversationId,
        userMessageId,
        assistantMessageId: answerId,
        content,
        model: DEMO_MODEL_ID,
        createdAt: Date.now(),
        attachmentIds,
      });
      return { client, conversationId, userMessageId, answerId };
    };
  };
  /** Sends `content` in a new conversation, naming `attachmentIds`. */
  const send = async (content: string, attachmentIds: string[]) =>
    (await openConversation())(content, attachmentIds);
  return { state, put, row, send, openConversation };
}

describe.each(databaseTargets())(
  'an answer whose files are still on their way, on $name',
  (target) => {
    const { state, put, row, send, openConversation } = useServer(target, 30 * 60_000);

    test('waits, queued, for the uploads its message names, then runs once with them', async () => {
      const picture = `att-${randomUUID()}`;
      const document = `att-${randomUUID()}`;
      const sent = await send('What is in these two files?', [picture, document]);
      expect((await row(sent.userMessageId))?.status).toBe('queued');
      expect((await row(sent.answerId))?.status).toBe('pending');

      // An upload that does not name the message still joins it: the message's list decides.
      expect((await put(picture, 'picture.png', pngBytes())).status).toBe(201);
      // Another answer of hers, asked later, runs through: the runner has looked at her waiting
      // answers and passed over the one still missing a file.
      const later = await pushClient(state.server.url, state.alice.cookie).ask('Meanwhile');
      expect((await settledAnswer(state.database.db, later.answerId)).status).toBe('done');
      expect((await row(sent.answerId))?.status).toBe('pending');
      expect((await row(sent.userMessageId))?.status).toBe('queued');

      const last = await put(
        document,
        'document.pdf',
        pdfBytes(1),
        `&messageId=${sent.userMessageId}`,
      );
      expect(last.status).toBe(201);
      const answer = await settledAnswer(state.database.db, sent.answerId);
      // The demo model names the files it was given: both reached it.
      expect(answer).toMatchObject({
        status: 'done',
        content:
          'What is in these two files?\n\n[Attached: picture.png]\n\n[Attached: document.pdf]',
      });
      expect((await row(sent.userMessageId))?.status).toBe('done');
      const claimed = (await sent.client.attachments()).filter(
        (a) => a.messageId === sent.userMessageId,
      );
      expect(claimed.map((a) => a.id).sort()).toEqual([picture, document].sort());

      // A retried upload of the last file changes nothing: the answer ran once.
      expect((await put(document, 'document.pdf', pdfBytes(1))).status).toBe(200);
      await pushClient(state.server.url, state.alice.cookie)
        .ask('And after that')
        .then(({ answerId }) => settledAnswer(state.database.db, answerId));
      expect(await row(sent.answerId)).toMatchObject({
        status: 'done',
        runId: answer.runId,
        version: answer.version,
      });
    });

    test('a send and the upload it names, racing, never both miss each other', async () => {
      const rounds = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const id = `att-${randomUUID()}`;
          const sendIn = await openConversation();
          const [sent, uploaded] = await Promise.all([
            sendIn(`Race ${i}`, [id]),
            put(id, `race-${i}.png`, pngBytes()),
          ]);
          expect(uploaded.status).toBe(201);
          return { ...sent, id };
        }),
      );
      for (const round of rounds) {
        expect((await settledAnswer(state.database.db, round.answerId)).status).toBe('done');
        expect((await row(round.userMessageId))?.status).toBe('done');
      }
      const claimed = await pushClient(state.server.url, state.alice.cookie).attachments();
      for (const round of rounds) {
        expect(claimed.find((a) => a.id === round.id)?.messageId).toBe(round.userMessageId);
      }
    });

    test('stopped while it waits, it never runs; its message shows as sent and a late file still joins it', async () => {
      const late = `att-${randomUUID()}`;
      const sent = await send('Never mind', [late]);
      await sent.client.mutate('stopAnswer', {
        conversationId: sent.conversationId,
        messageId: sent.answerId,
      });
      expect((await row(sent.answerId))?.status).toBe('stopped');
      expect((await row(sent.userMessageId))?.status).toBe('done');
      expect(await (await put(late, 'late.png', pngBytes())).json()).toMatchObject({
        messageId: sent.userMessageId,
      });
      expect((await row(sent.answerId))?.status).toBe('stopped');
    });

    test('a message whose files were uploaded before it was sent is answered at once', async () => {
      const picture = `att-${randomUUID()}`;
      expect((await put(picture, 'early.png', pngBytes())).status).toBe(201);
      const sent = await send('Already here', [picture]);
      expect((await row(sent.userMessageId))?.status).toBe('done');
      expect((await settledAnswer(state.database.db, sent.answerId)).status).toBe('done');
    });
  },
);

describe.each(databaseTargets())('an answer whose files never come, on $name', (target) => {
  const { state, put, row, send } = useServer(target, 1_500);

  test('ends saying so, its message shows as sent, and Retry answers with the files that came', async () => {
    const arrived = `att-${randomUUID()}`;
    const lost = `att-${randomUUID()}`;
    const sent = await send('Two files, one lost', [arrived, lost]);
    expect((await put(arrived, 'arrived.png', pngBytes())).status).toBe(201);

    const gaveUp = await settledAnswer(state.database.db, sent.answerId);
    expect(gaveUp).toMatchObject({ status: 'error', error: uploadsNeverCame, content: '' });
    expect((await row(sent.userMessageId))?.status).toBe('done');

    await sent.client.mutate('retryAnswer', {
      conversationId: sent.conversationId,
      messageId: sent.answerId,
    });
    const retried = await settledAnswer(state.database.db, sent.answerId);
    // Answered with the file that came, and only that one.
    expect(retried).toMatchObject({
      status: 'done',
      content: 'Two files, one lost\n\n[Attached: arrived.png]',
    });
    const claimed = (await sent.client.attachments()).filter(
      (a) => a.messageId === sent.userMessageId,
    );
    expect(claimed.map((a) => a.id)).toEqual([arrived]);
  });
});
