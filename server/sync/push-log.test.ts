import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';

// What a person wrote never reaches the server's log, not even when Postgres refuses it and
// its error (with the query's parameters, in drizzle's wrapping) names the values.
describe.each(databaseTargets())('refused mutations in the log on $name', (target) => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let alice: TestAccount;
  const written: string[] = [];

  beforeAll(async () => {
    database = await target.open();
    server = await startTestServer({ database, writeLog: (line) => written.push(line) });
    alice = await signUp(server.url, 'Alice');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /** The server's log lines written while `work` runs. */
  async function logOf(work: () => Promise<unknown>): Promise<string> {
    const from = written.length;
    await work();
    return written.slice(from).join('\n');
  }
  const refusals = (log: string) =>
    log
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === 'push.mutation_refused');

  test('a message Postgres refuses is logged by mutation, id, client and error code, never by its text', async () => {
    const device = pushClient(server.url, alice.cookie);
    await device.mutate('createConversation', {
      id: 'conv-log',
      title: 'Private title',
      model: DEMO_MODEL_ID,
      createdAt: 1,
    });
    // A NUL character: valid JSON and a valid string, but no Postgres text can hold it.
    const secret = 'my bank password is hunter2\u0000';
    const log = await logOf(() =>
      device.mutate('sendMessage', {
        conversationId: 'conv-log',
        userMessageId: 'msg-log-question',
        assistantMessageId: 'msg-log-answer',
        content: secret,
        model: DEMO_MODEL_ID,
        createdAt: 1,
      }),
    );
    const [refused] = refusals(log);
    expect(refused).toMatchObject({
      level: 'warn',
      mutation: 'sendMessage',
      clientId: device.clientID,
      reason: expect.stringMatching(/22021|22P05/),
    });
    expect(log).not.toContain('hunter2');
    expect(log).not.toContain('Private title');
  });

  test('a mutation with bad arguments is logged by what failed, never by the arguments', async () => {
    const device = pushClient(server.url, alice.cookie);
    const log = await logOf(() =>
      device.mutate('renameConversation', { id: 'conv-log', title: { secret: 'hunter2' } }),
    );
    const [refused] = refusals(log);
    expect(refused).toMatchObject({
      mutation: 'renameConversation',
      reason: expect.stringContaining('invalid_type'),
    });
    expect(log).not.toContain('hunter2');
  });
});
