import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';
const operatorKey = 'sk-or-v1-operator-operator-operator-operator';
const keyOf = (name: string) => `sk-or-v1-${name}-${crypto.randomUUID()}`;

// Two servers on one database and one fake OpenRouter: one without an operator key, one with.
describe.each(databaseTargets())('answers on a person’s own key on $name', (target) => {
  let database: DatabaseHandle;
  let openRouter: FakeOpenRouter;
  let keyless: RunningServer;
  let operated: RunningServer;

  beforeAll(async () => {
    [database, openRouter] = await Promise.all([
      target.open(),
      startFakeOpenRouter({ complete: () => 'Keys and answers' }),
    ]);
    const env = { OPENROUTER_BASE_URL: openRouter.baseUrl };
    keyless = await startTestServer({ database, env });
    operated = await startTestServer({
      database,
      env: { ...env, OPENROUTER_API_KEY: operatorKey },
    });
  });
  afterAll(async () => {
    await keyless?.close();
    await operated?.close();
    await openRouter?.close();
    await database?.close();
  });

  const saveKey = async (account: TestAccount, key: string) => {
    const response = await fetch(`${keyless.url}/api/keys/openrouter`, {
      method: 'PUT',
      headers: appRequestHeaders(keyless.url, account.cookie),
      body: JSON.stringify({ key }),
    });
    expect(response.status).toBe(200);
  };
  const settled = (id: string) => settledAnswer(database.db, id);
  const answerRequestFor = (text: string) =>
    openRouter.requests.find((r) => r.stream && JSON.stringify(r.messages).includes(text));

  test('a person with a key of their own is answered on it, and so is their title', async () => {
    const account = await signUp(keyless.url);
    const key = keyOf('own');
    await saveKey(account, key);
    openRouter.script({ kind: 'text', chunks: ['On ', 'your ', 'key.'] });
    const asked = await pushClient(keyless.url, account.cookie).ask('Whose key is this?', model);
    expect(await settled(asked.answerId)).toMatchObject({
      status: 'done',
      content: 'On your key.',
    });
    expect(answerRequestFor('Whose key is this?')?.authorization).toBe(`Bearer ${key}`);
    const title = await waitFor(() =>
      openRouter.requests.find(
        (r) => !r.stream && JSON.stringify(r.messages).includes('Whose key is this?'),
      ),
    );
    expect(title.authorization).toBe(`Bearer ${key}`);
  });

  test('the own key wins over the operator’s; without one the operator’s key answers', async () => {
    const [withKey, without] = await Promise.all([signUp(operated.url), signUp(operated.url)]);
    const key = keyOf('mine');
    await saveKey(withKey, key);
    const [mine, theirs] = await Promise.all([
      pushClient(operated.url, withKey.cookie).ask('Mine, please', model),
      pushClient(operated.url, without.cookie).ask('Operator, please', model),
    ]);
    expect((await settled(mine.answerId)).status).toBe('done');
    expect((await settled(theirs.answerId)).status).toBe('done');
    expect(answerRequestFor('Mine, please')?.authorization).toBe(`Bearer ${key}`);
    expect(answerRequestFor('Operator, please')?.authorization).toBe(`Bearer ${operatorKey}`);
  });

  test('with no key anywhere an OpenRouter model says to add one in Settings, and OpenRouter is not called', async () => {
    const account = await signUp(keyless.url);
    const asked = await pushClient(keyless.url, account.cookie).ask('Anyone there?', model);
    const answer = await settled(asked.answerId);
    expect(answer.status).toBe('error');
    expect(answer.error).toBe(
      `${model} needs an OpenRouter API key. Add your key in Settings, or choose Parley Demo.`,
    );
    expect(answerRequestFor('Anyone there?')).toBeUndefined();
  });

  test('a key revoked at OpenRouter ends the answer with words that point to Settings', async () => {
    const account = await signUp(keyless.url);
    const key = keyOf('revoked');
    await saveKey(account, key);
    openRouter.revokeKey(key);
    const asked = await pushClient(keyless.url, account.cookie).ask('Still working?', model);
    const answer = await settled(asked.answerId);
    expect(answer.status).toBe('error');
    expect(answer.error).toMatch(/refused the API key/);
    expect(answer.error).toContain('Settings');
    expect(answer.error).not.toContain(key);
  });

  test('a key out of credits, at the start or mid-answer, says so and points to Settings', async () => {
    const account = await signUp(keyless.url);
    await saveKey(account, keyOf('poor'));
    const client = pushClient(keyless.url, account.cookie);
    openRouter.script({ kind: 'status', status: 402, message: 'Insufficient credits' });
    const atStart = await settled((await client.ask('Before any word', model)).answerId);
    openRouter.script({
      kind: 'midStreamError',
      chunks: ['Half '],
      message: 'Insufficient credits',
      code: 402,
    });
    const midway = await settled((await client.ask('Half-way through', model)).answerId);
    for (const answer of [atStart, midway]) {
      expect(answer.status).toBe('error');
      expect(answer.error).toMatch(/out of credits/);
      expect(answer.error).toContain('Settings');
    }
    expect(midway.content).toBe('Half ');
  });
});
