import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { decodeChunk } from '../../shared/stream-events.ts';
import { conversation, message } from '../db/chat-schema.ts';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';
const fallback = 'anthropic/claude-sonnet-4';
const titleModel = 'meta-llama/llama-3.3-70b-instruct:free';

// The real OpenRouter provider, talking to a fake OpenRouter on loopback.
describe.each(databaseTargets())('runs against OpenRouter on $name', (target) => {
  const written: string[] = [];
  const suite = useServerOnFakeOpenRouter(target, {
    fake: { complete: () => '"Lisbon travel tips."' },
    env: { MODEL_FALLBACKS: `${model},${fallback}`, TITLE_MODEL: titleModel },
    server: () => ({ writeLog: (line) => written.push(line) }),
  });
  let account: TestAccount;

  beforeAll(async () => {
    account = await signUp(suite.server.url);
  });

  // Streamed requests are answers; titles are asked for without streaming.
  const answerRequests = () => suite.openRouter.requests.filter((request) => request.stream);
  const row = async (id: string) => {
    const [found] = await suite.database.db.select().from(message).where(eq(message.id, id));
    return found;
  };
  const settled = (id: string) =>
    waitFor(
      async () => {
        const found = await row(id);
        return found && !['pending', 'streaming'].includes(found.status) ? found : undefined;
      },
      { what: `answer ${id} to finish` },
    );

  test('text arrives and the final row stores it with usage and cost', async () => {
    suite.openRouter.script({ kind: 'text', chunks: ['Lisbon ', 'is ', 'lovely.'], cost: 0.00042 });
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Tell me about Lisbon',
      model,
    );
    const answer = await settled(answerId);
    expect(answer).toMatchObject({
      status: 'done',
      content: 'Lisbon is lovely.',
      model,
      finishReason: 'stop',
    });
    expect(answer?.usage).toMatchObject({ costUsd: 0.00042 });
    expect(answer?.usage).toMatchObject({
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
    });
    const sent = answerRequests().at(-1);
    expect(sent?.model).toBe(model);
    expect(JSON.stringify(sent?.messages)).toContain('Tell me about Lisbon');
  });

  test('switching model mid-conversation keeps the context: the new model reads it all', async () => {
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('My name is Ada', DEMO_MODEL_ID);
    expect(await settled(answerId)).toMatchObject({ status: 'done', content: 'My name is Ada' });

    suite.openRouter.script({ kind: 'text', chunks: ['Hello, ', 'Ada.'] });
    await client.mutate('sendMessage', {
      conversationId,
      userMessageId: 'switch-question',
      assistantMessageId: 'switch-answer',
      content: 'What is my name?',
      model,
      createdAt: Date.now(),
    });
    expect(await settled('switch-answer')).toMatchObject({ status: 'done', model });
    const sent = answerRequests().at(-1);
    expect(sent?.model).toBe(model);
    const conversationSent = (sent?.messages ?? []) as { role: string; content: unknown }[];
    expect(
      conversationSent
        .filter((m) => m.role !== 'system')
        .map((m) => [m.role, JSON.stringify(m.content)]),
    ).toEqual([
      ['user', expect.stringContaining('My name is Ada')],
      ['assistant', expect.stringContaining('My name is Ada')],
      ['user', expect.stringContaining('What is my name?')],
    ]);
  });

  test('a rate limit before the first token falls back once to the next model', async () => {
    suite.openRouter.script(
      { kind: 'status', status: 429, message: 'Rate limit exceeded' },
      { kind: 'text', chunks: ['From ', 'the ', 'fallback.'] },
    );
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask('Hello?', model);
    const answer = await settled(answerId);
    expect(answer).toMatchObject({
      status: 'done',
      content: 'From the fallback.',
      model: fallback,
    });
    expect(
      answerRequests()
        .slice(-2)
        .map((r) => r.model),
    ).toEqual([model, fallback]);
  });

  test('an invalid key ends as an error that says what to do, with no fallback', async () => {
    suite.openRouter.script({ kind: 'status', status: 401, message: 'No auth credentials found' });
    const before = answerRequests().length;
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask('Hi', model);
    const answer = await settled(answerId);
    expect(answer?.status).toBe('error');
    expect(answer?.error).toMatch(/API key/);
    expect(answerRequests().length - before).toBe(1);
  });

  test('a mid-stream error ends as error, keeps the partial text and shows the provider’s words', async () => {
    suite.openRouter.script({
      kind: 'midStreamError',
      chunks: ['Half ', 'an '],
      message: 'Provider disconnected',
    });
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask('Go', model);
    const answer = await settled(answerId);
    expect(answer?.status).toBe('error');
    expect(answer?.content).toBe('Half an ');
    expect(answer?.error).toBe(
      "The model's provider said: Provider disconnected. Try again, or pick another model.",
    );
  });

  test('a failed answer is logged as one JSON line with its id, model and error, never its words', async () => {
    suite.openRouter.script({
      kind: 'midStreamError',
      chunks: ['Marmalade ', 'sky '],
      message: 'Provider disconnected',
    });
    const from = written.length;
    const { answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Whisper the quokka a secret',
      model,
    );
    expect(await settled(answerId)).toMatchObject({ status: 'error' });
    const lines = written.slice(from);
    const failed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.messageId === answerId);
    expect(failed).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'runner.answer_failed',
        model,
        error: expect.stringContaining('Provider disconnected'),
      }),
    ]);
    for (const words of ['quokka', 'Whisper', 'Marmalade']) {
      expect(lines.join('\n')).not.toContain(words);
    }
  });

  test('Stop ends a running answer as stopped with its text so far', async () => {
    suite.openRouter.script({ kind: 'hang', chunks: ['Thinking ', 'very ', 'hard'] });
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('Take your time', model);
    // Wait until the text is visible on the stream, then stop.
    const reading = new AbortController();
    // By text, not by chunk count: deltas that arrive together may share a chunk.
    let seen = '';
    await readEvents(
      `${suite.server.url}/api/streams/${answerId}`,
      { cookie: account.cookie },
      reading.signal,
      {
        onEvent: (event) => {
          if (event.event === 'chunk') seen += decodeChunk(event.data);
          if (seen === 'Thinking very hard') reading.abort();
        },
      },
    ).catch(() => {});
    await client.mutate('stopAnswer', { conversationId, messageId: answerId });
    const answer = await settled(answerId);
    expect(answer).toMatchObject({ status: 'stopped', content: 'Thinking very hard' });
  });

  test('Retry runs an answer again, with another model when asked', async () => {
    suite.openRouter.script(
      { kind: 'text', chunks: ['First.'] },
      { kind: 'text', chunks: ['Second.'] },
    );
    const client = pushClient(suite.server.url, account.cookie);
    const { conversationId, answerId } = await client.ask('Again', model);
    expect((await settled(answerId))?.content).toBe('First.');
    const firstRun = (await row(answerId))?.runId;
    await client.mutate('retryAnswer', { conversationId, messageId: answerId, model: fallback });
    const retried = await waitFor(async () => {
      const found = await row(answerId);
      return found?.runId !== firstRun && found?.status === 'done' ? found : undefined;
    });
    expect(retried).toMatchObject({ content: 'Second.', model: fallback });
  });

  test('after the first answer a cheap model titles the conversation; a renamed one keeps its name', async () => {
    const titleOf = async (id: string) =>
      (await suite.database.db.select().from(conversation).where(eq(conversation.id, id)))[0]
        ?.title;
    const client = pushClient(suite.server.url, account.cookie);

    suite.openRouter.script({ kind: 'text', chunks: ['Pastéis ', 'de ', 'nata.'] });
    const first = await client.ask('What should I eat in Lisbon on a rainy day?', model);
    await waitFor(async () =>
      (await titleOf(first.conversationId)) === 'Lisbon travel tips' ? true : undefined,
    );
    const titleRequest = suite.openRouter.requests.find(
      (request) => !request.stream && JSON.stringify(request.messages).includes('rainy day'),
    );
    expect(titleRequest?.model).toBe(titleModel);

    // Renamed while the answer is still being written: the person's name stands.
    suite.openRouter.script({ kind: 'text', chunks: ['Slowly ', 'now.'], delayMs: 200 });
    const second = await client.ask('Tell me about trams', model);
    await client.mutate('renameConversation', { id: second.conversationId, title: 'Trams!' });
    await settled(second.answerId);
    const asked = suite.openRouter.requests.filter(
      (request) => !request.stream && JSON.stringify(request.messages).includes('trams'),
    );
    expect(asked).toEqual([]);
    expect(await titleOf(second.conversationId)).toBe('Trams!');
  });
});
