import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { appRequestHeaders } from '../testing/push-client.ts';
import { useServerOnFakeOpenRouter } from '../testing/server-on-fake-openrouter.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';

const goodKey = 'sk-or-v1-aaaabbbbccccddddeeeeffff00001111222233334444555566667777wxyz';
const badKey = 'sk-or-v1-revoked-revoked-revoked-revoked-revoked-revoked-0000';

describe.each(databaseTargets())('saving an OpenRouter key on $name', (target) => {
  // No operator key: the only keys here are the ones people save.
  const suite = useServerOnFakeOpenRouter(target, { env: { OPENROUTER_API_KEY: '' } });
  let owner: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    suite.openRouter.revokeKey(badKey);
    [owner, other] = await Promise.all([signUp(suite.server.url), signUp(suite.server.url)]);
  });

  const keys = (account: TestAccount, method = 'GET', body?: unknown) =>
    fetch(`${suite.server.url}/api/keys${method === 'GET' ? '' : '/openrouter'}`, {
      method,
      headers: appRequestHeaders(suite.server.url, account.cookie),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // Every column of the table as Postgres holds it (bytea as hex), as text.
  const rawTable = async () => {
    const result = (await suite.database.db.execute(
      sql`select coalesce(string_agg(api_key::text, '\n'), '') as raw from api_key`,
    )) as unknown as { rows: { raw: string }[] };
    return result.rows[0]?.raw ?? '';
  };

  test('a key OpenRouter accepts is stored encrypted, and only its last four come back', async () => {
    const saved = await keys(owner, 'PUT', { key: goodKey });
    expect(saved.status).toBe(200);
    const savedText = await saved.text();
    expect(savedText).not.toContain(goodKey.slice(0, -4));
    expect(JSON.parse(savedText)).toMatchObject({ openrouter: { lastFour: 'wxyz' } });
    expect(suite.openRouter.keyChecks.at(-1)).toBe(`Bearer ${goodKey}`);

    const raw = await rawTable();
    expect(raw).toContain(owner.userId);
    for (const encoding of ['utf8', 'base64', 'base64url', 'hex'] as const) {
      expect(raw).not.toContain(Buffer.from(goodKey).toString(encoding));
    }
    expect(raw).not.toContain(goodKey.slice(0, -4));

    const listed = await keys(owner);
    const listedText = await listed.text();
    expect(JSON.parse(listedText)).toEqual({
      openrouter: { lastFour: 'wxyz', updatedAt: expect.any(String) },
    });
    expect(listedText).not.toContain(goodKey.slice(0, -4));
  });

  test('a key OpenRouter refuses is explained and nothing is stored', async () => {
    const before = await rawTable();
    const refused = await keys(other, 'PUT', { key: badKey });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/OpenRouter does not accept this key/);
    expect(await rawTable()).toBe(before);
    expect(await (await keys(other)).json()).toEqual({ openrouter: null });
  });

  test('something that cannot be a key is refused before OpenRouter is asked', async () => {
    const checks = suite.openRouter.keyChecks.length;
    for (const key of ['', 'short', 'has a space in the middle', 'x'.repeat(600)]) {
      expect((await keys(other, 'PUT', { key })).status).toBe(400);
    }
    expect((await keys(other, 'PUT', { secret: goodKey })).status).toBe(400);
    expect(suite.openRouter.keyChecks.length).toBe(checks);
    const huge = await keys(other, 'PUT', { key: goodKey, padding: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
  });

  test('nobody else sees or removes a saved key, and no session sees nothing', async () => {
    expect(await (await keys(other)).json()).toEqual({ openrouter: null });
    expect((await keys(other, 'DELETE')).status).toBe(200);
    expect(await (await keys(owner)).json()).toMatchObject({ openrouter: { lastFour: 'wxyz' } });
    const anonymous = await fetch(`${suite.server.url}/api/keys`);
    expect(anonymous.status).toBe(401);
    const anonymousDelete = await fetch(`${suite.server.url}/api/keys/openrouter`, {
      method: 'DELETE',
      headers: appRequestHeaders(suite.server.url, ''),
    });
    expect(anonymousDelete.status).toBe(401);
    expect(await (await keys(owner)).json()).toMatchObject({ openrouter: { lastFour: 'wxyz' } });
  });

  test('Remove key forgets it', async () => {
    const removed = await keys(owner, 'DELETE');
    expect(await removed.json()).toEqual({ openrouter: null });
    expect(await (await keys(owner)).json()).toEqual({ openrouter: null });
    expect(await rawTable()).toBe('');
  });

  test('when OpenRouter cannot be reached, nothing is stored and the person is told to retry', async () => {
    const offline = await startTestServer({ database: suite.database });
    try {
      const response = await fetch(`${offline.url}/api/keys/openrouter`, {
        method: 'PUT',
        headers: appRequestHeaders(offline.url, owner.cookie),
        body: JSON.stringify({ key: goodKey }),
      });
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/Nothing was saved/);
      expect(await rawTable()).toBe('');
    } finally {
      await offline.close();
    }
  });
});
