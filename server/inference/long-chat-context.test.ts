import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { fakeModels } from '../testing/fake-openrouter-models.ts';
import { pushClient } from '../testing/push-client.ts';
import { seedLongConversation } from '../testing/seed-rows.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';

// A model with a small window, as OpenRouter lists it: 4,095 tokens hold about two hundred of
// the seeded messages, not two thousand.
const shortModel = 'openai/gpt-3.5-turbo-instruct';
const shortContextModel = {
  id: shortModel,
  name: 'OpenAI: GPT-3.5 Turbo Instruct',
  context_length: 4095,
  architecture: { input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'GPT' },
  pricing: { prompt: '0.0000015', completion: '0.000002' },
  top_provider: { context_length: 4095, max_completion_tokens: 4096, is_moderated: true },
};

describe.each(databaseTargets())('a chat longer than the model’s window, on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target, {
    fake: { models: [...fakeModels, shortContextModel] },
  });
  let account: TestAccount;

  beforeAll(async () => {
    account = await signUp(suite.server.url);
  });

  const settled = (id: string) => settledAnswer(suite.database.db, id);
  /** Sends `content` in `conversationId` on `model`; the answer's id. */
  const send = async (conversationId: string, content: string, model = shortModel) => {
    const answerId = `a-${randomUUID()}`;
    await pushClient(suite.server.url, account.cookie).mutate('sendMessage', {
      conversationId,
      userMessageId: `u-${randomUUID()}`,
      assistantMessageId: answerId,
      content,
      model,
      createdAt: Date.now(),
    });
    return answerId;
  };
  const textOf = (sent: { content: unknown }) => JSON.stringify(sent.content);

  test('keeps working: the model gets the newest messages, and the answer says some were left out', async () => {
    const conversationId = `c-${randomUUID()}`;
    await seedLongConversation(suite.database.db, account.userId, conversationId, 2_000);
    suite.openRouter.script({ kind: 'text', chunks: ['Still ', 'here.'] });
    const answerId = await send(conversationId, 'And what was the last thing we said?');

    const answer = await settled(answerId);
    expect(answer).toMatchObject({ status: 'done', content: 'Still here.' });

    const request = suite.openRouter.requests.find(
      (sent) =>
        sent.stream && textOf(sent.messages.at(-1) ?? { content: '' }).includes('last thing'),
    );
    if (!request) throw new Error('the answer was not asked of the model');
    const [system, ...turns] = request.messages;
    expect(system?.role).toBe('system');
    // The newest messages, the person's own last; the oldest left out.
    expect(turns.length).toBeGreaterThan(10);
    expect(turns.length).toBeLessThan(300);
    expect(textOf(turns.at(-2) ?? { content: '' })).toContain('Message 1999');
    expect(turns.some((turn) => textOf(turn).includes('"Message 0"'))).toBe(false);
    expect(turns[0]?.role).toBe('user');
    // Every one of the 2,001 earlier (most never read from the database) messages was either sent or counted as left out.
    expect(answer?.messagesLeftOut).toBe(2_001 - turns.length);

    // Devices learn it with the answer.
    const pulled = (await pushClient(suite.server.url, account.cookie).messages()).find(
      (m) => m.id === answerId,
    );
    expect(pulled?.messagesLeftOut).toBe(2_001 - turns.length);
  });

  test('a chat that fits is sent whole, and its answer is not marked', async () => {
    const { conversationId, answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Hello there',
      shortModel,
    );
    expect(await settled(answerId)).toMatchObject({ status: 'done', messagesLeftOut: 0 });
    const next = await send(conversationId, 'And again');
    expect(await settled(next)).toMatchObject({ status: 'done', messagesLeftOut: 0 });
    const request = suite.openRouter.requests.findLast((sent) => sent.stream);
    expect(request?.messages.map((sent) => sent.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });

  test('a message longer than the model’s window fails, saying what to do, without a call', async () => {
    const conversationId = `c-${randomUUID()}`;
    await seedLongConversation(suite.database.db, account.userId, conversationId, 4);
    const calls = suite.openRouter.requests.length;
    const answerId = await send(conversationId, `Summarise this: ${'lorem ipsum '.repeat(2_000)}`);

    const answer = await settled(answerId);
    expect(answer?.status).toBe('error');
    expect(answer?.error).toMatch(/too long for this model/);
    expect(answer?.error).toMatch(
      /Edit it shorter, or retry with a model that has a longer context/,
    );
    expect(suite.openRouter.requests.length).toBe(calls);
  });
});
