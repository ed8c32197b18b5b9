import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';

const model = 'openai/gpt-4o-mini';
const answer = ['Lisbon ', 'is ', 'sunny ', 'in ', 'May.'];

// The real runner and OpenRouter provider, talking to a fake OpenRouter that searches the web.
describe.each(databaseTargets())('web search with sources on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target);
  let account: TestAccount;

  beforeAll(async () => {
    account = await signUp(suite.server.url);
  });

  /** The streamed request the answer was asked with. */
  async function askedWith(answerId: string, before: number) {
    await settledAnswer(suite.database.db, answerId);
    return suite.openRouter.requests.slice(before).find((request) => request.stream);
  }

  test('the web plugin is asked for only when the toggle was on', async () => {
    const client = pushClient(suite.server.url, account.cookie);
    const asked = async (webSearch: boolean | undefined) => {
      const before = suite.openRouter.requests.length;
      const { answerId } = await client.ask(
        'Weather in Lisbon?',
        model,
        webSearch === undefined ? {} : { webSearch },
      );
      return askedWith(answerId, before);
    };
    const on = await asked(true);
    expect(on).toMatchObject({ model, plugins: [{ id: 'web' }] });
    expect((await asked(false))?.plugins).toBeUndefined();
    expect((await asked(undefined))?.plugins).toBeUndefined();
  });

  test("a conversation's toggle is remembered and answers its sends that do not say", async () => {
    const client = pushClient(suite.server.url, account.cookie);
    const conversationId = `c-${randomUUID()}`;
    await client.mutate('createConversation', {
      id: conversationId,
      title: 'Searching',
      model,
      createdAt: Date.now(),
      webSearch: true,
    });
    expect((await client.conversations()).find((c) => c.id === conversationId)).toMatchObject({
      webSearch: true,
    });
    const send = async () => {
      const before = suite.openRouter.requests.length;
      const { answerId } = await client.reply(conversationId, 'And tomorrow?', model);
      return askedWith(answerId, before);
    };
    expect((await send())?.plugins).toEqual([{ id: 'web' }]);

    await client.mutate('setConversationWebSearch', { id: conversationId, webSearch: false });
    expect((await client.conversations()).find((c) => c.id === conversationId)).toMatchObject({
      webSearch: false,
    });
    expect((await send())?.plugins).toBeUndefined();
  });

  test("someone else's conversation cannot have its toggle changed", async () => {
    const owner = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await owner.ask('Mine', model);
    await settledAnswer(suite.database.db, answerId);
    const other = await signUp(suite.server.url);
    await pushClient(suite.server.url, other.cookie).mutate('setConversationWebSearch', {
      id: conversationId,
      webSearch: true,
    });
    expect((await owner.conversations()).find((c) => c.id === conversationId)?.webSearch).toBe(
      false,
    );
  });

  test('citations become the sources of the answer, with their spans, and sync', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: answer,
      citations: [
        {
          url: 'https://weather.example.com/lisbon',
          title: 'Lisbon weather in May',
          content: 'Sunny, 24 °C',
          start_index: 0,
          end_index: 25,
        },
        // No span given: the source is kept without one.
        { url: 'https://www.visitlisbon.example/', title: 'Visit Lisbon' },
      ],
    });
    const client = pushClient(suite.server.url, account.cookie);
    const { answerId } = await client.ask('Weather in Lisbon in May?', model, { webSearch: true });
    const row = await settledAnswer(suite.database.db, answerId);
    const expected = [
      {
        url: 'https://weather.example.com/lisbon',
        title: 'Lisbon weather in May',
        start: 0,
        end: 25,
      },
      { url: 'https://www.visitlisbon.example/', title: 'Visit Lisbon' },
    ];
    expect(row).toMatchObject({ status: 'done', content: answer.join(''), sources: expected });
    const synced = (await client.messages()).find((m) => m.id === answerId);
    expect(synced?.sources).toEqual(expected);
  });

  test('citations a model returns unasked are kept the same way', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: ['See ', 'the ', 'docs.'],
      citations: [{ url: 'https://docs.example.org/guide', title: 'Guide' }],
    });
    const before = suite.openRouter.requests.length;
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask('Docs?', model);
    expect((await askedWith(answerId, before))?.plugins).toBeUndefined();
    expect((await settledAnswer(suite.database.db, answerId)).sources).toEqual([
      { url: 'https://docs.example.org/guide', title: 'Guide' },
    ]);
  });

  test('addresses that are not http(s) are dropped, and titles and counts are bounded', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Careful.'],
      citations: [
        { url: 'javascript:alert(document.cookie)', title: 'Click me' },
        { url: 'JaVaScRiPt:alert(1)', title: 'Me too' },
        { url: 'data:text/html,<script>alert(1)</script>', title: 'Data' },
        { url: 'https://user:secret@bank.example/', title: 'Looks like a bank' },
        { url: 'not a url', title: 'Nothing' },
        {
          url: 'https://ok.example/a b',
          title: `Line\none\u0007${'x'.repeat(1_000)}`,
          start_index: 5,
          end_index: 2,
        },
        ...Array.from({ length: 40 }, (_, n) => ({ url: `https://many.example/${n}` })),
      ],
    });
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask('Links?', model, {
      webSearch: true,
    });
    const sources = (await settledAnswer(suite.database.db, answerId)).sources ?? [];
    expect(sources).toHaveLength(32);
    expect(sources[0]).toEqual({ url: 'https://ok.example/a%20b', title: expect.any(String) });
    expect(sources[0]?.title).toMatch(/^Line one x+$/);
    expect(sources[0]?.title.length).toBe(300);
    for (const source of sources) expect(source.url).toMatch(/^https:\/\/(ok|many)\.example\//);
  });

  test('a retry forgets the sources of the run before', async () => {
    suite.openRouter.script(
      {
        kind: 'text',
        chunks: ['First.'],
        citations: [{ url: 'https://first.example/', title: 'First' }],
      },
      { kind: 'text', chunks: ['Second.'] },
    );
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('Again', model, { webSearch: true });
    expect((await settledAnswer(suite.database.db, answerId)).sources).toHaveLength(1);
    const before = suite.openRouter.requests.length;
    await client.mutate('retryAnswer', { conversationId, messageId: answerId });
    const request = await askedWith(answerId, before);
    const retried = await settledAnswer(suite.database.db, answerId);
    expect(retried).toMatchObject({ content: 'Second.', sources: [] });
    // Asked as the answer was asked before: with the web search.
    expect(request?.plugins).toEqual([{ id: 'web' }]);
  });

  test('a branch keeps the toggle and the sources of what it copies, and an edit searches as it', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Cited.'],
      citations: [{ url: 'https://kept.example/', title: 'Kept', start_index: 0, end_index: 6 }],
    });
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('Branch me', model, {
      webSearch: true,
    });
    await settledAnswer(suite.database.db, answerId);
    await client.mutate('setConversationWebSearch', { id: conversationId, webSearch: true });
    const branchId = `b-${randomUUID()}`;
    await client.mutate('branchConversation', {
      id: branchId,
      parentId: conversationId,
      branchPointMessageId: answerId,
      createdAt: Date.now(),
    });
    expect((await client.conversations()).find((c) => c.id === branchId)?.webSearch).toBe(true);
    const copies = (await client.messages()).filter((m) => m.conversationId === branchId);
    expect(copies.find((m) => m.role === 'assistant')?.sources).toEqual([
      { url: 'https://kept.example/', title: 'Kept', start: 0, end: 6 },
    ]);

    const user = copies.find((m) => m.role === 'user');
    const before = suite.openRouter.requests.length;
    const editedAnswerId = `a-${randomUUID()}`;
    await client.mutate('editMessage', {
      id: `e-${randomUUID()}`,
      parentId: branchId,
      messageId: user?.id,
      userMessageId: `u-${randomUUID()}`,
      assistantMessageId: editedAnswerId,
      content: 'Branch me, edited',
      model,
      createdAt: Date.now(),
    });
    expect((await askedWith(editedAnswerId, before))?.plugins).toEqual([{ id: 'web' }]);
  });
});
