import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { decodeChunk, type StreamFinal } from '../../shared/stream-events.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp } from '../testing/test-accounts.ts';
import { createScratchDatabase } from '../testing/test-databases.ts';
import { waitFor } from '../testing/wait-for.ts';

const children: ChildServer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killChild(c.process)));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const secrets = {
  BETTER_AUTH_SECRET: 'kill-test-secret-kill-test-secret-0123456',
  KEY_ENCRYPTION_SECRET: 'kill-test-key-kill-test-key-kill-test-01',
};

test('a server killed in the middle of an answer leaves it interrupted, with its partial text, after restart', async () => {
  const env = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-kill-')),
    ...secrets,
    DEMO_WORDS_PER_SECOND: '20',
    // Short leases: the text is checkpointed every 100 ms, and a dead run lapses in 300 ms.
    RUN_LEASE_MS: '300',
  };
  const first = await startChildServer(env);
  children.push(first);
  const account = await signUp(first.url);
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
  const { answerId } = await pushClient(first.url, account.cookie).ask(words.join(' '));

  // Read the live stream until well past several checkpoints, then pull the plug.
  let streamed = '';
  const reading = new AbortController();
  await readEvents(
    `${first.url}/api/streams/${answerId}`,
    { cookie: account.cookie },
    reading.signal,
    {
      onEvent: (event) => {
        if (event.event === 'chunk') streamed += decodeChunk(event.data);
        if (streamed.split(' ').length > 30) reading.abort();
      },
    },
  ).catch(() => {});
  await killChild(first.process);

  const second = await startChildServer(env);
  children.push(second);
  const client = pushClient(second.url, account.cookie);
  const answer = await waitFor(
    async () =>
      (await client.messages()).find((m) => m.id === answerId && m.status === 'interrupted'),
    { what: 'the answer to be finalised as interrupted' },
  );
  expect(answer.error).toMatch(/stopped while answering/);
  expect(answer.content.length).toBeGreaterThan(0);
  // What was kept is the start of the reply, no more than the model had produced.
  expect(words.join(' ').startsWith(answer.content)).toBe(true);
  expect(answer.content.length).toBeLessThan(words.join(' ').length);
  // Two cold starts of the real entry with an embedded database: slow on a busy 2-core machine.
}, 120_000);

const postgresUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const hasServices =
  requireServiceOrWarn(
    'Postgres',
    Boolean(postgresUrl),
    'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
  ) &&
  requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379');

test.runIf(hasServices)(
  'another process ends a killed server’s answer as interrupted within a lease, keeping every chunk its readers saw',
  async () => {
    const leaseMs = 3_000;
    const scratch = await createScratchDatabase(postgresUrl ?? '');
    cleanups.push(scratch.drop);
    const env = (name: string) => ({
      DATA_DIR: mkdtempSync(join(tmpdir(), `parley-${name}-`)),
      ...secrets,
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl ?? '',
      DEMO_WORDS_PER_SECOND: '20',
      RUN_LEASE_MS: String(leaseMs),
    });
    const doomed = await startChildServer(env('doomed'));
    children.push(doomed);
    const account = await signUp(doomed.url);
    const prompt = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const onDoomed = pushClient(doomed.url, account.cookie);
    const { answerId } = await onDoomed.ask(prompt);
    await waitFor(async () =>
      (await onDoomed.messages()).some((m) => m.id === answerId && m.status === 'streaming')
        ? true
        : undefined,
    );

    // Started once the answer is taken, so the survivor never runs it itself.
    const survivor = await startChildServer(env('survivor'));
    children.push(survivor);

    // A reader on the survivor follows the answer the doomed process writes (through Redis).
    let followed = '';
    let final: StreamFinal | undefined;
    const reading = readEvents(
      `${survivor.url}/api/streams/${answerId}`,
      { cookie: account.cookie },
      new AbortController().signal,
      {
        onEvent: (event) => {
          if (event.event === 'chunk') followed += decodeChunk(event.data);
          if (event.event === 'final') final = JSON.parse(event.data) as StreamFinal;
        },
      },
    );
    await waitFor(() => (followed.split(' ').length > 20 ? true : undefined), {
      what: 'the reader on the survivor to follow the answer',
    });
    await killChild(doomed.process);

    const client = pushClient(survivor.url, account.cookie);
    const answer = await waitFor(
      async () =>
        (await client.messages()).find((m) => m.id === answerId && m.status === 'interrupted'),
      {
        what: 'the answer to be interrupted within a lease and two seconds',
        timeoutMs: leaseMs + 2_000,
      },
    );
    await reading;
    expect(final).toEqual({
      status: 'interrupted',
      error: 'The server stopped while answering. Retry to try again.',
    });
    // Every chunk that reached the store, and nothing the model had not said.
    expect(answer.content).toBe(followed);
    expect(prompt.startsWith(answer.content)).toBe(true);
  },
  120_000,
);
