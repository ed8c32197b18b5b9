import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { message } from '../db/chat-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.ts';
import type { RunningServer } from '../start-server.ts';
import { createMemoryChunkStore } from '../streams/memory-chunk-store.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { pushClient } from '../testing/push-client.ts';
import { seedAnswer } from '../testing/seed-rows.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { databaseTargets } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const model = 'openai/gpt-4o-mini';

// Two server processes on one database, sharing pub/sub and chunks as they would share Redis.
describe.each(databaseTargets())('answers waiting their turn on $name', (target) => {
  let database: DatabaseHandle;
  let openRouter: FakeOpenRouter;
  let servers: RunningServer[];
  let account: TestAccount;

  beforeAll(async () => {
    [database, openRouter] = await Promise.all([
      target.open(),
      // Every answer goes on until it is stopped, so how many run at once stays put.
      startFakeOpenRouter({ otherwise: () => ({ kind: 'hang', chunks: ['Thinking… '] }) }),
    ]);
    const shared = { pubsub: createMemoryPubSub(), chunks: createMemoryChunkStore() };
    const env = { OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_BASE_URL: openRouter.baseUrl };
    servers = [
      await startTestServer({ database, ...shared, env }),
      await startTestServer({ database, ...shared, env }),
    ];
    account = await signUp(servers[0]?.url ?? '');
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await openRouter?.close();
    await database?.close();
  });

  const statuses = async (ids: string[]) => {
    const rows = await database.db
      .select({ id: message.id, status: message.status })
      .from(message)
      .where(inArray(message.id, ids));
    return ids.map((id) => rows.find((row) => row.id === id)?.status);
  };

  test('a burst of questions through two processes runs three answers at a time, oldest first', async () => {
    const clients = servers.map((server) => pushClient(server.url, account.cookie));
    const asked: { conversationId: string; answerId: string }[] = [];
    for (let n = 0; n < 5; n++) {
      const client = clients[n % clients.length];
      if (client) asked.push(await client.ask(`Question ${n}`, model));
    }
    const ids = asked.map((a) => a.answerId);
    const expectStatuses = (expected: string[]) =>
      waitFor(
        async () => {
          const now = await statuses(ids);
          return JSON.stringify(now) === JSON.stringify(expected) ? now : undefined;
        },
        { what: `answers to be ${expected.join(', ')}` },
      );

    const answersAsked = () => openRouter.requests.filter((request) => request.stream);
    await expectStatuses(['streaming', 'streaming', 'streaming', 'pending', 'pending']);
    expect(answersAsked()).toHaveLength(3);
    const stop = (n: number) =>
      clients[0]?.mutate('stopAnswer', {
        conversationId: asked[n]?.conversationId,
        messageId: asked[n]?.answerId,
      });
    // One ends: the oldest waiting answer takes its place, the newest still waits.
    await stop(1);
    await expectStatuses(['streaming', 'stopped', 'streaming', 'streaming', 'pending']);
    await stop(0);
    await expectStatuses(['stopped', 'stopped', 'streaming', 'streaming', 'streaming']);
    for (const n of [2, 3, 4]) await stop(n);
    await expectStatuses(['stopped', 'stopped', 'stopped', 'stopped', 'stopped']);

    const prompts = answersAsked().map(
      (request) => JSON.stringify(request.messages).match(/Question \d/)?.[0],
    );
    expect(prompts.slice(0, 3).sort()).toEqual(['Question 0', 'Question 1', 'Question 2']);
    expect(prompts.slice(3)).toEqual(['Question 3', 'Question 4']);
  });

  test('an answer accepted but never started is started by a sweep, without a restart', async () => {
    const ids = { conversationId: `seeded-${target.name}`, answerId: `seeded-${target.name}-a` };
    // As if the process that accepted it died before starting it.
    await seedAnswer(database.db, account.userId, ids, { status: 'pending', content: 'Echo me' });
    const answer = await waitFor(async () => {
      const [row] = await database.db.select().from(message).where(eq(message.id, ids.answerId));
      return row?.status === 'done' ? row : undefined;
    });
    expect(answer.content).toBe('Echo me');
  });
});
