import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { type ManyProcesses, startManyProcesses } from '../testing/many-processes.ts';
import { pushClient } from '../testing/push-client.ts';
import { type ServerPair, serverPairSetups } from '../testing/server-pairs.ts';
import { hasSharedStores } from '../testing/services.ts';
import { signUp } from '../testing/test-accounts.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';

const setups = serverPairSetups();

/** Two answers an hour on the operator's key, from the fake OpenRouter. */
const limitedEnv = (openRouter: FakeOpenRouter) => ({
  OPENROUTER_API_KEY: 'sk-or-operator',
  OPENROUTER_BASE_URL: openRouter.baseUrl,
  RATE_LIMIT_MESSAGES_PER_HOUR: '2',
});

/**
 * Asks four times, the nth question pushed to `urls[n % urls.length]` (a process, or a proxy
 * that sends each request to the next one): two answers, then two refusals naming the limit.
 */
async function answersCountTogether(urls: readonly string[]) {
  const at = (n: number) => urls[n % urls.length] as string;
  const account = await signUp(at(0));
  const ask = async (url: string, content: string) => {
    const client = pushClient(url, account.cookie);
    const { answerId } = await client.ask(content, model);
    return waitFor(
      async () => {
        const found = (await client.messages()).find((m) => m.id === answerId);
        return found && !['pending', 'streaming'].includes(found.status) ? found : undefined;
      },
      { what: `answer to “${content}”` },
    );
  };

  expect((await ask(at(0), 'One')).status).toBe('done');
  expect((await ask(at(1), 'Two')).status).toBe('done');
  for (const n of [2, 3]) {
    const refused = await ask(at(n), 'Three');
    expect(refused.status).toBe('error');
    expect(refused.error).toMatch(/^You've reached the limit of 2 messages an hour/);
    expect(refused.limitResetsAt).toBeGreaterThan(Date.now());
  }
}

// Without a shared store configured there is nothing to share: the suite says so and skips.
describe.runIf(setups.length > 0)('message limits across processes', () => {
  describe.each(setups)('in server processes sharing $name', ({ start }) => {
    let openRouter: FakeOpenRouter;
    let pair: ServerPair | undefined;
    beforeAll(async () => {
      openRouter = await startFakeOpenRouter();
    });
    afterEach(async () => {
      await pair?.close();
      pair = undefined;
    });
    afterAll(async () => {
      await openRouter?.close();
    });

    test('a person’s answers count together, whichever process runs them', async () => {
      pair = await start(limitedEnv(openRouter));
      await answersCountTogether([pair.first.url, pair.second.url]);
    });
  });
});

describe.runIf(hasSharedStores())('message limits behind a round-robin proxy', () => {
  let openRouter: FakeOpenRouter;
  let app: ManyProcesses | undefined;
  beforeAll(async () => {
    openRouter = await startFakeOpenRouter();
  });
  afterAll(async () => {
    await app?.close();
    await openRouter?.close();
  });

  test('a person’s answers count together as their pushes go to each process in turn', async () => {
    app = await startManyProcesses(limitedEnv(openRouter));
    await answersCountTogether([app.url]);
    // A conversation and its message are two pushes in a row: each ask reaches two processes.
    const pushes = app.proxy.routed.filter((r) => r.path === '/api/replicache/push');
    expect(new Set(pushes.map((r) => r.target)).size).toBeGreaterThanOrEqual(2);
  });
});
