import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeChunk } from '../../shared/stream-events.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { seedAnswer } from '../testing/seed-rows.ts';
import { readEvents, type SseEvent } from '../testing/sse-reader.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { ChunkStore } from './chunk-store.ts';
import { createMemoryChunkStore } from './memory-chunk-store.ts';

describe('GET /api/streams/:messageId', () => {
  let database: DatabaseHandle;
  let chunks: ChunkStore;
  let server: RunningServer;
  let owner: TestAccount;
  let stranger: TestAccount;
  let seeded = 0;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    chunks = createMemoryChunkStore();
    server = await startTestServer({ database, chunks, heartbeatMs: 50 });
    [owner, stranger] = await Promise.all([signUp(server.url), signUp(server.url)]);
  });
  afterAll(async () => {
    await server?.close();
    await chunks?.close();
    await database?.close();
  });

  // Live answers are generated elsewhere: a test appends their chunks itself.
  const newAnswer = async (status: 'streaming' | 'done' = 'streaming', content = '') => {
    const answerId = `answer-${++seeded}`;
    await seedAnswer(
      database.db,
      owner.userId,
      { conversationId: `conv-${seeded}`, answerId },
      { status, content },
    );
    return answerId;
  };

  /** Reads the stream until its final event (or the `stopAfter`-th chunk). */
  const read = async (
    id: string,
    headers: Record<string, string> = {},
    query = '',
    stopAfter = Number.POSITIVE_INFINITY,
  ) => {
    const events: SseEvent[] = [];
    const abort = new AbortController();
    let chunkCount = 0;
    await readEvents(
      `${server.url}/api/streams/${id}${query}`,
      { cookie: owner.cookie, ...headers },
      abort.signal,
      {
        onEvent: (event) => {
          events.push(event);
          if (event.event === 'chunk' && ++chunkCount >= stopAfter) abort.abort();
        },
      },
    ).catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
    return events;
  };
  const text = (events: SseEvent[]) =>
    events
      .filter((e) => e.event === 'chunk')
      .map((e) => decodeChunk(e.data))
      .join('');

  test('replays what the store holds, follows the live tail, then sends the final status', async () => {
    const id = await newAnswer();
    await chunks.append(id, 'Hello');
    await chunks.append(id, ', ');
    const reading = read(id);
    await chunks.append(id, 'line one\nline two\r\n');
    await chunks.finish(id, JSON.stringify({ status: 'done', error: null }), 60_000);
    const events = await reading;
    // What was stored when the reader came may go as one event; the last chunk's id ends it.
    expect(events.map((e) => e.event)).toEqual([
      ...events.slice(0, -1).map(() => 'chunk'),
      'final',
    ]);
    expect(events.at(-2)?.id).toBe('2');
    expect(text(events)).toBe('Hello, line one\nline two\r\n');
    expect(JSON.parse(events.at(-1)?.data ?? '')).toEqual({ status: 'done', error: null });
  });

  test('Last-Event-ID resumes after the last chunk received; ?from= starts at the chunk named', async () => {
    const id = await newAnswer();
    for (const word of ['a ', 'b ', 'c ', 'd ']) await chunks.append(id, word);
    await chunks.finish(id, JSON.stringify({ status: 'done', error: null }), 60_000);
    expect(text(await read(id, { 'last-event-id': '1' }))).toBe('c d ');
    // A replay is one event, named by its last chunk: a thousand chunks are not a thousand tasks.
    const replay = await read(id, {}, '?from=1');
    expect(replay.map((e) => [e.event, e.id])).toEqual([
      ['chunk', '3'],
      ['final', undefined],
    ]);
    expect(text(replay)).toBe('b c d ');
  });

  test('a reader that drops after each event and resumes from its id reassembles the answer exactly', async () => {
    const id = await newAnswer();
    const words = Array.from({ length: 30 }, (_, i) => `w${i} `);
    let received = '';
    let lastId: string | undefined;
    for (let from = 0; from < words.length; from += 3) {
      for (const word of words.slice(from, from + 3)) await chunks.append(id, word);
      const events = await read(id, lastId === undefined ? {} : { 'last-event-id': lastId }, '', 1);
      received += text(events);
      lastId = events.at(-1)?.id;
      expect(lastId).toBe(String(from + 2));
    }
    await chunks.finish(id, JSON.stringify({ status: 'done', error: null }), 60_000);
    const rest = await read(id, { 'last-event-id': lastId ?? '' });
    expect(rest.map((e) => e.event)).toEqual(['final']);
    expect(received).toBe(words.join(''));
  });

  test('a finished answer whose chunks expired sends the final event alone', async () => {
    const id = await newAnswer('done', 'all of it');
    const events = await read(id);
    expect(events).toEqual([
      { event: 'final', data: JSON.stringify({ status: 'done', error: null }), id: undefined },
    ]);
  });

  test('a stream with nothing to say sends heartbeat comments so proxies keep it open', async () => {
    const id = await newAnswer();
    const comments: string[] = [];
    const abort = new AbortController();
    await readEvents(`${server.url}/api/streams/${id}`, { cookie: owner.cookie }, abort.signal, {
      onEvent: () => {},
      onComment: (comment) => {
        comments.push(comment);
        if (comments.length >= 2) abort.abort();
      },
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
    expect(comments).toEqual(['heartbeat', 'heartbeat']);
  });

  test("somebody else's message is a 404, no session is a 401, a bad offset is a 400", async () => {
    const id = await newAnswer();
    const asStranger = await fetch(`${server.url}/api/streams/${id}`, {
      headers: { cookie: stranger.cookie },
    });
    expect(asStranger.status).toBe(404);
    const missing = await fetch(`${server.url}/api/streams/nope`, {
      headers: { cookie: owner.cookie },
    });
    expect(missing.status).toBe(404);
    expect((await fetch(`${server.url}/api/streams/${id}`)).status).toBe(401);
    const bad = await fetch(`${server.url}/api/streams/${id}`, {
      headers: { cookie: owner.cookie, 'last-event-id': 'abc' },
    });
    expect(bad.status).toBe(400);
  });
});
