import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { pushClient } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { listMessages, openSyncClient, type SyncClient } from '../testing/sync-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';

// What an answer used reaches the person's devices with the answer, through sync.
describe.each(databaseTargets())('answer usage on $name', (target) => {
  const suite = useServerOnFakeOpenRouter(target);
  let account: TestAccount;
  let device: SyncClient;

  beforeAll(async () => {
    account = await signUp(suite.server.url);
    device = openSyncClient(suite.server.url, account.cookie);
    await device.listening;
  });
  afterAll(async () => {
    await device?.close();
  });

  const syncedAnswer = async (conversationId: string, answerId: string) => {
    await device.rep.pull();
    return waitFor(
      async () => {
        const found = (await listMessages(device, conversationId)).find((m) => m.id === answerId);
        return found?.status === 'done' && found.usage ? found : undefined;
      },
      { what: `answer ${answerId} to sync with its usage` },
    );
  };

  test('a finished answer syncs with its tokens, reasoning, cached input and cost', async () => {
    suite.openRouter.script({
      kind: 'text',
      chunks: ['Porto ', 'is ', 'on ', 'the ', 'Douro.'],
      cost: 0.0021,
      reasoningTokens: 7,
      cachedTokens: 3,
    });
    const { conversationId, answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Where is Porto?',
      model,
    );
    const answer = await syncedAnswer(conversationId, answerId);
    expect(answer.usage).toEqual({
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      reasoningTokens: 7,
      cachedInputTokens: 3,
      costUsd: 0.0021,
    });
    expect(answer.usage?.inputTokens).toBeGreaterThan(0);
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
  });

  test('an answer from the demo model syncs with its estimated tokens and no cost', async () => {
    const { conversationId, answerId } = await pushClient(suite.server.url, account.cookie).ask(
      'Echo me',
      DEMO_MODEL_ID,
    );
    const answer = await syncedAnswer(conversationId, answerId);
    expect(answer.usage).toMatchObject({ costUsd: 0, outputTokens: 2 });
    expect(answer.usage?.inputTokens).toBeGreaterThan(0);
  });
});
