import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { decodeChunk } from '../../shared/stream-events.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp } from '../testing/test-accounts.ts';
import { waitFor } from '../testing/wait-for.ts';

const children: ChildServer[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killChild(c.process)));
});

test('a server killed in the middle of an answer leaves it interrupted, with its partial text, after restart', async () => {
  const env = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-kill-')),
    BETTER_AUTH_SECRET: 'kill-test-secret-kill-test-secret-0123456',
    KEY_ENCRYPTION_SECRET: 'kill-test-key-kill-test-key-kill-test-01',
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
