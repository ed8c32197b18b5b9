import { request } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { limits } from '../../shared/limits.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { replicacheClient } from '../db/replicache-schema.ts';
import type { RunningServer } from '../start-server.ts';
import { appRequestHeaders } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

// The embedded database serves one query at a time, in this process: one person's long push
// must leave room for everyone else's requests between its mutations.
describe.each(databaseTargets())('one person’s big push on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let ann: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({ database });
    [ann, bob] = await Promise.all([signUp(server.url, 'Ann'), signUp(server.url, 'Bob')]);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /**
   * A request on a connection of its own: a kept-alive one may be closed by the server the
   * moment it is reused, when the event loop both share was held up.
   */
  const post = (path: string, cookie: string, body: unknown) =>
    new Promise<{ status: number }>((resolve, reject) => {
      const sent = request(`${server.url}/api/replicache/${path}`, {
        method: 'POST',
        agent: false,
        headers: appRequestHeaders(server.url, cookie),
      });
      sent.once('error', reject);
      sent.once('response', (response) => {
        response.resume();
        response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
      });
      sent.end(JSON.stringify(body));
    });

  test("another person's pull is answered while it is still being applied", async () => {
    const count = limits.mutationsPerPush;
    const mutations = Array.from({ length: count }, (_, n) => ({
      id: n + 1,
      clientID: 'ann-tab',
      name: 'createConversation',
      args: { id: `ann-${n}`, title: `Plan ${n}`, model: DEMO_MODEL_ID, createdAt: 1 },
      timestamp: 1,
    }));
    const bobsPull = { pullVersion: 1, schemaVersion: '', profileID: 'p', cookie: null };
    expect((await post('pull', bob.cookie, { ...bobsPull, clientGroupID: 'bob' })).status).toBe(
      200,
    );

    let pushAnswered = false;
    const push = post('push', ann.cookie, {
      pushVersion: 1,
      schemaVersion: '',
      profileID: 'p',
      clientGroupID: 'ann',
      mutations,
    }).then((response) => {
      pushAnswered = true;
      return response;
    });
    const annApplied = async () => {
      const [client] = await database.db
        .select({ lastMutationId: replicacheClient.lastMutationId })
        .from(replicacheClient)
        .where(eq(replicacheClient.id, 'ann-tab'));
      return client?.lastMutationId ?? 0;
    };
    await waitFor(async () => ((await annApplied()) > 0 ? true : undefined), {
      what: "Ann's push to start applying",
      timeoutMs: 60_000,
    });

    const pulled = await post('pull', bob.cookie, { ...bobsPull, clientGroupID: 'bob' });
    expect(pulled.status).toBe(200);
    const appliedWhenBobWasAnswered = await annApplied();
    expect(pushAnswered).toBe(false);
    expect(appliedWhenBobWasAnswered).toBeLessThan(count);

    expect((await push).status).toBe(200);
    expect(await annApplied()).toBe(count);
  }, 120_000);
});
