import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../start-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { pushClient } from '../testing/push-client.ts';
import { type ServerPair, serverPairSetups } from '../testing/server-pairs.ts';
import { signUp } from '../testing/test-accounts.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';

const setups = serverPairSetups();

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
      pair = await start({
        OPENROUTER_API_KEY: 'sk-or-operator',
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        RATE_LIMIT_MESSAGES_PER_HOUR: '2',
      });
      const { first, second } = pair;
      const account = await signUp(first.url);
      const ask = async (server: RunningServer, content: string) => {
        const client = pushClient(server.url, account.cookie);
        const { answerId } = await client.ask(content, model);
        return waitFor(
          async () => {
            const found = (await client.messages()).find((m) => m.id === answerId);
            return found && !['pending', 'streaming'].includes(found.status) ? found : undefined;
          },
          { what: `answer to “${content}”` },
        );
      };

      expect((await ask(first, 'One')).status).toBe('done');
      expect((await ask(second, 'Two')).status).toBe('done');
      for (const server of [first, second]) {
        const refused = await ask(server, 'Three');
        expect(refused.status).toBe('error');
        expect(refused.error).toMatch(/^You've reached the limit of 2 messages an hour/);
        expect(refused.limitResetsAt).toBeGreaterThan(Date.now());
      }
    });
  });
});
