import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { apiKey } from '../db/key-schema.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { appRequestHeaders, pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';

const model = 'openai/gpt-4o-mini';
const oldSecret = 'old-secret-old-secret-old-secret-old-secret-01';
const newSecret = 'new-secret-new-secret-new-secret-new-secret-02';
const key = 'sk-or-v1-rotation-rotation-rotation-rotation-9876';

describe.each(databaseTargets())('rotating KEY_ENCRYPTION_SECRET on $name', (target) => {
  let database: DatabaseHandle;
  let openRouter: FakeOpenRouter;

  beforeAll(async () => {
    [database, openRouter] = await Promise.all([target.open(), startFakeOpenRouter()]);
  });
  afterAll(async () => {
    await openRouter?.close();
    await database?.close();
  });

  const serverWith = (env: Record<string, string>) =>
    startTestServer({ database, env: { OPENROUTER_BASE_URL: openRouter.baseUrl, ...env } });
  const storedRow = async (userId: string) =>
    (await database.db.select().from(apiKey).where(eq(apiKey.userId, userId)))[0];
  const answer = async (url: string, cookie: string, question: string) => {
    const { answerId } = await pushClient(url, cookie).ask(question, model);
    return settledAnswer(database.db, answerId);
  };
  const authorizationFor = (question: string) =>
    openRouter.requests.find((r) => r.stream && JSON.stringify(r.messages).includes(question))
      ?.authorization;

  test('a key sealed under the previous secret is used, and sealed again under the new one', async () => {
    const before = await serverWith({ KEY_ENCRYPTION_SECRET: oldSecret });
    const account = await signUp(before.url);
    const saved = await fetch(`${before.url}/api/keys/openrouter`, {
      method: 'PUT',
      headers: appRequestHeaders(before.url, account.cookie),
      body: JSON.stringify({ key }),
    });
    expect(saved.status).toBe(200);
    await before.close();
    const sealedOld = await storedRow(account.userId);

    // Without the previous secret, the old key cannot be read: the answer says what to do.
    const forgetful = await serverWith({ KEY_ENCRYPTION_SECRET: newSecret });
    const unreadable = await answer(forgetful.url, account.cookie, 'Can you read it?');
    await forgetful.close();
    expect(unreadable.status).toBe('error');
    expect(unreadable.error).toMatch(/Save it again in Settings/);
    expect(authorizationFor('Can you read it?')).toBeUndefined();

    const rotating = await serverWith({
      KEY_ENCRYPTION_SECRET: newSecret,
      KEY_ENCRYPTION_SECRET_PREVIOUS: oldSecret,
    });
    expect((await answer(rotating.url, account.cookie, 'After rotation')).status).toBe('done');
    await rotating.close();
    expect(authorizationFor('After rotation')).toBe(`Bearer ${key}`);
    const sealedNew = await storedRow(account.userId);
    expect(sealedNew?.keyVersion).not.toBe(sealedOld?.keyVersion);
    expect(
      Buffer.from(sealedNew?.ciphertext ?? []).equals(Buffer.from(sealedOld?.ciphertext ?? [])),
    ).toBe(false);
    expect(sealedNew?.lastFour).toBe('9876');

    // Re-sealed: the old secret is no longer needed.
    const rotated = await serverWith({ KEY_ENCRYPTION_SECRET: newSecret });
    expect((await answer(rotated.url, account.cookie, 'Only the new secret')).status).toBe('done');
    await rotated.close();
    expect(authorizationFor('Only the new secret')).toBe(`Bearer ${key}`);
  });
});
