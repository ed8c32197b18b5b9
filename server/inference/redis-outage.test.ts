import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeChunk, type StreamFinal } from '../../shared/stream-events.ts';
import { message } from '../db/chat-schema.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { createRedisChunkStore } from '../streams/redis-chunk-store.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { pushClient } from '../testing/push-client.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const hasRedis = requireServiceOrWarn(
  'Redis',
  Boolean(redisUrl),
  'set TEST_REDIS_URL=redis://127.0.0.1:6379',
);

// The server reaches Redis through a proxy the test cuts in the middle of an answer.
describe.runIf(hasRedis)('a Redis outage', () => {
  let proxy: TcpProxy;
  let openRouter: FakeOpenRouter;
  let database: DatabaseHandle;
  let server: RunningServer;
  let account: TestAccount;
  const written: string[] = [];

  beforeAll(async () => {
    const target = new URL(redisUrl ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    database = await openDatabase({ dataDir: undefined });
    openRouter = await startFakeOpenRouter();
    server = await startTestServer({
      database,
      env: {
        REDIS_URL: proxy.urlFor(redisUrl ?? ''),
        DEMO_WORDS_PER_SECOND: '40',
        OPENROUTER_API_KEY: 'sk-or-operator',
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        RATE_LIMIT_MESSAGES_PER_HOUR: '1',
      },
      writeLog: (line) => written.push(line),
    });
    account = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await openRouter?.close();
    await proxy?.close();
    await database?.close();
  });

  const health = async () => {
    const response = await fetch(`${server.url}/api/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const settled = (id: string) => settledAnswer(database.db, id);
  /** The answer's stream from `lastId` on, to its final event. */
  const readToEnd = async (id: string, lastId?: string) => {
    let text = '';
    let final: StreamFinal | undefined;
    const headers: Record<string, string> = { cookie: account.cookie };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    await readEvents(`${server.url}/api/streams/${id}`, headers, new AbortController().signal, {
      onEvent: (event) => {
        if (event.event === 'chunk') text += decodeChunk(event.data);
        if (event.event === 'final') final = JSON.parse(event.data) as StreamFinal;
      },
    });
    return { text, final };
  };
  const words = (tag: string) => Array.from({ length: 80 }, (_, i) => `${tag}${i}`).join(' ');

  test('answers go on through the outage, pushes succeed, and every reader catches up after', async () => {
    const client = pushClient(server.url, account.cookie);

    // A device holds its poke stream open through the outage.
    let pokes = 0;
    const poking = new AbortController();
    void readEvents(
      `${server.url}/api/replicache/poke`,
      { cookie: account.cookie },
      poking.signal,
      {
        onEvent: (event) => {
          if (event.event === 'poke') pokes++;
        },
      },
    ).catch(() => {});

    const first = words('first');
    const { answerId: firstId } = await client.ask(first);
    await waitFor(() => (pokes > 0 ? true : undefined), { what: 'the poke stream to be live' });

    // A reader follows the answer for a few words; then Redis goes away.
    let seen = '';
    let lastId: string | undefined;
    const reading = new AbortController();
    await readEvents(
      `${server.url}/api/streams/${firstId}`,
      { cookie: account.cookie },
      reading.signal,
      {
        onEvent: (event) => {
          if (event.event !== 'chunk' || reading.signal.aborted) return;
          seen += decodeChunk(event.data);
          lastId = event.id;
          if (seen.split(' ').length > 5) reading.abort();
        },
      },
    ).catch(() => {});
    proxy.cut();
    const [cutWhile] = await database.db
      .select({ status: message.status })
      .from(message)
      .where(eq(message.id, firstId));
    expect(cutWhile?.status).toBe('streaming');

    // A question sent now is accepted (the push succeeds) and answered; the answer that was
    // streaming finishes with all its text. All from the database, with Redis still away.
    const second = words('second');
    const { answerId: secondId } = await client.ask(second);

    // Health says what is missing, and still answers: the process goes on serving.
    const degraded = await waitFor(async () => {
      const checked = await health();
      return checked.body.ok === false ? checked : undefined;
    });
    expect(degraded).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        ok: false,
        database: 'pglite',
        chunkStore: 'redis',
        pubsub: 'redis',
        checks: { database: 'ok', chunkStore: 'degraded', pubsub: 'degraded' },
        degraded: ['chunkStore', 'pubsub'],
      },
    });

    const firstDone = await settled(firstId);
    const secondDone = await settled(secondId);
    expect(firstDone).toMatchObject({ status: 'done', content: first });
    expect(secondDone).toMatchObject({ status: 'done', content: second });

    const pokesBefore = pokes;
    proxy.restore();
    await waitFor(async () => ((await health()).body.ok === true ? true : undefined), {
      what: 'health to be ok again',
    });
    // Pokes sent during the outage went nowhere: devices are told to pull.
    await waitFor(() => (pokes > pokesBefore ? true : undefined), { what: 'a poke' });

    // The chunks held back during the outage, and the final records, reach the store.
    const store = await createRedisChunkStore(redisUrl ?? '');
    try {
      for (const done of [firstDone, secondDone]) {
        await waitFor(async () => ((await store.getFinal(done.runId ?? '')) ? true : undefined), {
          what: 'the store to catch up',
        });
      }
    } finally {
      await store.close();
    }
    // Readers resume where they were and get every chunk once, then the final event.
    const rest = await readToEnd(firstId, lastId);
    expect(seen + rest.text).toBe(first);
    expect(rest.final).toEqual({ status: 'done', error: null });
    const whole = await readToEnd(secondId);
    expect(whole.text).toBe(second);
    expect(whole.final).toEqual({ status: 'done', error: null });
    poking.abort();

    // The outage is in the log as JSON lines saying what was lost, never what was being said.
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'redis.reconnecting', role: 'subscriber' }),
    );
    expect(written.join('\n')).not.toContain('first3');
  });

  test('answers on the operator’s key are not refused while their count cannot be kept', async () => {
    const person = await signUp(server.url);
    const client = pushClient(server.url, person.cookie);
    proxy.cut();
    try {
      const answers = [];
      for (const n of [1, 2])
        answers.push(await client.ask(`Uncounted ${n}`, 'openai/gpt-4o-mini'));
      for (const { answerId } of answers) {
        expect(await settled(answerId)).toMatchObject({ status: 'done', error: null });
      }
    } finally {
      proxy.restore();
    }
  });
});
