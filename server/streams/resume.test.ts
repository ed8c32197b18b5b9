import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeChunk } from '../../shared/stream-events.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';

/** A small seeded PRNG (mulberry32), so a failing seed can be replayed exactly. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A prompt with awkward whitespace: the demo reply must survive byte for byte.
const prompt = Array.from({ length: 240 }, (_, i) =>
  i % 17 === 0 ? `line${i}\n\n` : i % 11 === 0 ? `tab\t${i}  ` : `w${i} `,
).join('');

describe('resuming an answer stream', () => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let account: TestAccount;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({ database, env: { DEMO_WORDS_PER_SECOND: '400' } });
    account = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /**
   * Reads the stream, dropping the connection after a random number of chunks and resuming
   * with Last-Event-ID, until the final event. Returns the text and how many times it dropped.
   */
  async function readWithDrops(answerId: string, next: () => number, maxDrops: number) {
    let text = '';
    let lastId: string | undefined;
    let drops = 0;
    for (;;) {
      const abort = new AbortController();
      const dropAfter = drops < maxDrops ? 1 + Math.floor(next() * 12) : Number.POSITIVE_INFINITY;
      let seen = 0;
      let finished = false;
      const headers: Record<string, string> = { cookie: account.cookie };
      if (lastId !== undefined) headers['last-event-id'] = lastId;
      await readEvents(`${server.url}/api/streams/${answerId}`, headers, abort.signal, {
        onEvent: (event) => {
          if (event.event === 'final') finished = true;
          if (event.event !== 'chunk' || abort.signal.aborted) return;
          text += decodeChunk(event.data);
          lastId = event.id;
          if (++seen >= dropAfter) abort.abort();
        },
      }).catch((error: unknown) => {
        if (!abort.signal.aborted) throw error;
      });
      if (finished) return { text, drops };
      drops++;
    }
  }

  for (const seed of [1, 7, 42, 1234]) {
    test(`a reader that drops 20 times and resumes reassembles the answer exactly (seed ${seed})`, async () => {
      const client = pushClient(server.url, account.cookie);
      const { answerId } = await client.ask(prompt);
      const { text, drops } = await readWithDrops(answerId, random(seed), 20);
      expect(drops).toBe(20);
      expect(text).toBe(prompt);
      const [final] = (await client.messages()).filter((m) => m.id === answerId);
      expect(final?.content).toBe(prompt);
    });
  }

  test('two readers that start at different times end with identical text', async () => {
    const { answerId } = await pushClient(server.url, account.cookie).ask(prompt);
    let joinLate: () => void = () => {};
    const halfway = new Promise<void>((resolve) => {
      joinLate = resolve;
    });
    let earlyChunks = 0;
    const early = readAll(answerId, () => {
      if (++earlyChunks === 60) joinLate();
    });
    await halfway;
    const late = readAll(answerId);
    const [a, b] = await Promise.all([early, late]);
    expect(a).toBe(prompt);
    expect(b).toBe(a);
  });

  async function readAll(answerId: string, onChunk: () => void = () => {}) {
    let text = '';
    await readEvents(
      `${server.url}/api/streams/${answerId}`,
      { cookie: account.cookie },
      new AbortController().signal,
      {
        onEvent: (event) => {
          if (event.event !== 'chunk') return;
          text += decodeChunk(event.data);
          onChunk();
        },
      },
    );
    return text;
  }
});
