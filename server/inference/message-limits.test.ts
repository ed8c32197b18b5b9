import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Message } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import { signUp } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';
const hourMs = 60 * 60_000;
const hourly = "You've reached the limit of 2 messages an hour on this server's key.";
const daily = "You've reached the limit of 3 messages a day on this server's key.";
const advice = 'Add your own key in Settings to keep going.';

// The limits are counted in this process's memory (embedded database, no Redis), by a clock the
// tests move on: a window ends without waiting for it.
describe('message limits on the operator’s key', () => {
  let database: DatabaseHandle;
  let openRouter: FakeOpenRouter;
  let server: RunningServer;
  let clock = Date.now();

  beforeAll(async () => {
    [database, openRouter] = await Promise.all([
      openDatabase({ dataDir: undefined }),
      startFakeOpenRouter(),
    ]);
    server = await startTestServer({
      database,
      now: () => clock,
      env: {
        OPENROUTER_API_KEY: 'sk-or-operator',
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        RATE_LIMIT_MESSAGES_PER_HOUR: '2',
        RATE_LIMIT_MESSAGES_PER_DAY: '3',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await openRouter?.close();
    await database?.close();
  });

  const person = async () => {
    const account = await signUp(server.url);
    const client = pushClient(server.url, account.cookie);
    /** The answer as the person's devices see it, once it has finished (a run after `before`). */
    const settled = (answerId: string, before?: Message) =>
      waitFor(
        async () => {
          const found = (await client.messages()).find((m) => m.id === answerId);
          if (!found || ['pending', 'streaming'].includes(found.status)) return undefined;
          return found.runId !== before?.runId ? found : undefined;
        },
        { what: `answer ${answerId} to finish` },
      );
    const ask = async (content: string, on = model) =>
      settled((await client.ask(content, on)).answerId);
    const retry = async (answer: Message) => {
      await client.mutate('retryAnswer', {
        conversationId: answer.conversationId,
        messageId: answer.id,
      });
      return settled(answer.id, answer);
    };
    return { account, client, ask, retry };
  };
  const askedOpenRouter = (text: string) =>
    openRouter.requests.some((r) => r.stream && JSON.stringify(r.messages).includes(text));

  test('past the hourly limit an answer is refused with when it resets, and Retry works once it has', async () => {
    const { client, ask, retry } = await person();
    const firstAt = clock;
    expect((await ask('First')).status).toBe('done');
    clock += 10 * 60_000;
    expect((await ask('Second')).status).toBe('done');

    const refused = await ask('Third, too many');
    expect(refused).toMatchObject({ status: 'error', error: `${hourly} ${advice}` });
    // The hour counts from the first answer, not the latest.
    expect(refused.limitResetsAt).toBe(firstAt + hourMs);
    expect(askedOpenRouter('Third, too many')).toBe(false);
    // What the person wrote is kept.
    const theirs = (await client.messages()).find(
      (m) => m.conversationId === refused.conversationId && m.role === 'user',
    );
    expect(theirs?.content).toBe('Third, too many');

    // Before the reset a retry is refused again, with the same explanation.
    clock = firstAt + hourMs - 1_000;
    const again = await retry(refused);
    expect(again).toMatchObject({ status: 'error', error: `${hourly} ${advice}` });
    expect(again.limitResetsAt).toBe(firstAt + hourMs);

    clock = firstAt + hourMs;
    const answered = await retry(again);
    expect(answered).toMatchObject({ status: 'done', error: null, limitResetsAt: null });
    expect(askedOpenRouter('Third, too many')).toBe(true);
  });

  test('past the daily limit an answer is refused until a day after the first', async () => {
    const { ask } = await person();
    const firstAt = clock;
    expect((await ask('Morning')).status).toBe('done');
    expect((await ask('Noon')).status).toBe('done');
    clock += hourMs;
    expect((await ask('Evening')).status).toBe('done');
    const refused = await ask('Night');
    expect(refused).toMatchObject({ status: 'error', error: `${daily} ${advice}` });
    expect(refused.limitResetsAt).toBe(firstAt + 24 * hourMs);
  });

  test('a person on their own key is not limited', async () => {
    const { account, ask } = await person();
    const response = await fetch(`${server.url}/api/keys/openrouter`, {
      method: 'PUT',
      headers: appRequestHeaders(server.url, account.cookie),
      body: JSON.stringify({ key: `sk-or-v1-own-${crypto.randomUUID()}` }),
    });
    expect(response.status).toBe(200);
    for (const n of [1, 2, 3, 4]) expect((await ask(`Own key ${n}`)).status).toBe('done');
  });

  test('the demo model is not limited, and does not use up the operator’s key', async () => {
    const { ask } = await person();
    for (const n of [1, 2, 3]) expect((await ask(`Demo ${n}`, DEMO_MODEL_ID)).status).toBe('done');
    expect((await ask('Now on the key')).status).toBe('done');
    expect((await ask('And again')).status).toBe('done');
    expect((await ask('Once more')).status).toBe('error');
  });

  test('one person’s limit is theirs alone', async () => {
    const first = await person();
    const second = await person();
    for (const n of [1, 2]) expect((await first.ask(`Mine ${n}`)).status).toBe('done');
    expect((await first.ask('Mine 3')).status).toBe('error');
    expect((await second.ask('Theirs 1')).status).toBe('done');
  });

  test('a message too long for its model is refused without using up the limit', async () => {
    const { ask } = await person();
    // About 30,000 tokens: more than a 32,768-token model takes beside its answer.
    const tooLong = await ask(
      `Read this: ${'word '.repeat(18_000)}`,
      'google/gemini-2.5-flash-image',
    );
    expect(tooLong).toMatchObject({ status: 'error', error: expect.stringMatching(/too long/) });
    for (const n of [1, 2]) expect((await ask(`Shorter ${n}`)).status).toBe('done');
  });
});
