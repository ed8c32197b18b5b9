import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { requireServiceOrWarn } from '../testing/services.ts';
import { lazyUpstashBridge } from '../testing/upstash-bridge.ts';
import { waitFor } from '../testing/wait-for.ts';
import {
  type ChunkNudge,
  type ChunkStore,
  StreamFinishedError,
  StreamGapError,
} from './chunk-store.ts';
import { createMemoryChunkStore } from './memory-chunk-store.ts';
import { createRedisChunkStore } from './redis-chunk-store.ts';
import { toStoredChunk } from './stored-chunk.ts';
import { type StreamItem, tailStream } from './tail-stream.ts';
import { createUpstashChunkStore } from './upstash-chunk-store.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const drivers: { name: string; open: () => Promise<ChunkStore>; shared: boolean }[] = [
  { name: 'memory', open: async () => createMemoryChunkStore(), shared: false },
];
if (
  requireServiceOrWarn('Redis', Boolean(redisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') &&
  redisUrl
) {
  drivers.push({ name: 'redis', open: () => createRedisChunkStore(redisUrl), shared: true });
}
// Upstash's REST API, spoken by a bridge in front of the same Redis.
const upstash = redisUrl ? lazyUpstashBridge(redisUrl) : undefined;
if (upstash) {
  drivers.push({
    name: 'upstash',
    open: async () => createUpstashChunkStore(await upstash.options()),
    shared: true,
  });
}
afterAll(() => upstash?.close());

async function collect(
  store: ChunkStore,
  id: string,
  from: number,
  signal = new AbortController().signal,
) {
  const items = [];
  for await (const item of tailStream(store, id, from, signal)) items.push(item);
  return items;
}

/**
 * The text of a tail's chunk items and the offset after them, checking that each item starts
 * where the one before ended (at `from` for the first).
 */
function joined(items: StreamItem[], from: number) {
  let next = from;
  let text = '';
  for (const item of items) {
    if (item.kind !== 'chunks') throw new Error(`a ${item.kind} item among the chunks`);
    expect(item.first).toBe(next);
    expect(item.last).toBeGreaterThanOrEqual(item.first);
    next = item.last + 1;
    text += item.text;
  }
  return { text, next };
}

// The contract every chunk store driver keeps; stream ids are unique per test.
describe.each(drivers)('chunk store contract: $name', ({ open, shared }) => {
  const opened: ChunkStore[] = [];
  const connect = async () => {
    const store = await open();
    opened.push(store);
    return store;
  };
  const streamId = () => `test-${crypto.randomUUID()}`;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  test('append returns consecutive offsets from 0 and read returns chunks from any offset', async () => {
    const store = await connect();
    const id = streamId();
    const offsets = [];
    for (const chunk of ['a', 'b', 'c', 'd']) offsets.push(await store.append(id, chunk));
    expect(offsets).toEqual([0, 1, 2, 3]);
    expect(await store.read(id, 0, 10)).toEqual(['a', 'b', 'c', 'd']);
    expect(await store.read(id, 2, 1)).toEqual(['c']);
    expect(await store.read(id, 4, 10)).toEqual([]);
    expect(await store.length(id)).toBe(4);
  });

  test('concurrent appends get distinct offsets and lose nothing', async () => {
    const store = await connect();
    const id = streamId();
    const offsets = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.append(id, `${i}`)),
    );
    expect(new Set(offsets).size).toBe(50);
    expect((await store.read(id, 0, 100)).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `${i}`).sort(),
    );
  });

  test('a store that is there says so to health checks', async () => {
    expect(await (await connect()).reachable()).toBe(true);
  });

  test('an append sent again at its offset lands once: a retry after a lost reply doubles nothing', async () => {
    const store = await connect();
    const id = streamId();
    expect(await store.append(id, 'one ', 0)).toBe(0);
    expect(await store.append(id, 'one ', 0)).toBe(0);
    expect(await store.append(id, 'two', 1)).toBe(1);
    expect(await store.read(id, 0, 10)).toEqual(['one ', 'two']);
  });

  test('an append past the end of a stream that lost its chunks is refused as a gap', async () => {
    const store = await connect();
    const id = streamId();
    await expect(store.append(id, 'later', 3)).rejects.toBeInstanceOf(StreamGapError);
    expect(await store.length(id)).toBe(0);
  });

  test('a finished stream keeps its chunks and final record, and refuses more chunks', async () => {
    const store = await connect();
    const id = streamId();
    await store.append(id, 'hello');
    expect(await store.getFinal(id)).toBeNull();
    await store.finish(id, '{"status":"done"}', 60_000);
    expect(await store.getFinal(id)).toBe('{"status":"done"}');
    expect(await store.read(id, 0, 10)).toEqual(['hello']);
    await expect(store.append(id, 'late')).rejects.toBeInstanceOf(StreamFinishedError);
  });

  test('a finished stream expires after its grace period', async () => {
    const store = await connect();
    const id = streamId();
    await store.append(id, 'soon gone');
    await store.finish(id, '{}', 50);
    await waitFor(async () => ((await store.getFinal(id)) === null ? true : undefined), {
      what: 'the stream to expire',
    });
    expect(await store.read(id, 0, 10)).toEqual([]);
  });

  test('a tail replays from its offset, follows live appends, and ends with the final record', async () => {
    const writer = await connect();
    const reader = shared ? await connect() : writer;
    const id = streamId();
    await writer.append(id, 'zero');
    await writer.append(id, 'one');
    const tail = collect(reader, id, 1);
    await writer.append(id, 'two');
    await writer.append(id, 'three');
    await writer.finish(id, 'END', 60_000);
    // How the chunks group into items depends on when each was appended; the offsets do not.
    const items = await tail;
    expect(items.at(-1)).toEqual({ kind: 'final', data: 'END' });
    expect(joined(items.slice(0, -1), 1)).toEqual({ text: 'onetwothree', next: 4 });
  });

  test('a tail of a long stream replays every chunk, a page per item', async () => {
    const store = await connect();
    const id = streamId();
    const chunks = Array.from({ length: 2500 }, (_, i) => `c${i} `);
    for (const chunk of chunks) await store.append(id, chunk);
    await store.finish(id, 'END', 60_000);
    const items = await collect(store, id, 0);
    expect(
      items.map((item) => (item.kind === 'chunks' ? [item.first, item.last] : 'final')),
    ).toEqual([[0, 1023], [1024, 2047], [2048, 2499], 'final']);
    expect(joined(items.slice(0, -1), 0)).toEqual({ text: chunks.join(''), next: 2500 });
    // 2,500 appends in turn, each a round trip (an HTTP request, for Upstash).
  }, 180_000);

  test("a tail keeps an answer's reasoning and text apart, live and replayed alike", async () => {
    const writer = await connect();
    const reader = shared ? await connect() : writer;
    const id = streamId();
    await writer.append(id, toStoredChunk('Weighing ', 'reasoning'));
    const tail = collect(reader, id, 0);
    await writer.append(id, toStoredChunk('it up.', 'reasoning'));
    await writer.append(id, toStoredChunk('Yes.', 'text'));
    await writer.finish(id, 'END', 60_000);
    for (const items of [await tail, await collect(reader, id, 0)]) {
      const kinds = items.flatMap((item) =>
        item.kind === 'chunks' ? [{ of: item.of, text: item.text, last: item.last }] : [],
      );
      const of = (kind: string) =>
        kinds
          .filter((item) => item.of === kind)
          .map((item) => item.text)
          .join('');
      expect(of('reasoning')).toBe('Weighing it up.');
      expect(of('text')).toBe('Yes.');
      expect(kinds.at(-1)).toEqual({ of: 'text', text: 'Yes.', last: 2 });
    }
  });

  test('chunks holding line breaks, backslashes and NULs come through as written, live and replayed', async () => {
    const writer = await connect();
    const reader = shared ? await connect() : writer;
    const id = streamId();
    const chunks = [
      '# Title\n\n',
      '- one\r\n- two \\n not a break\n',
      toStoredChunk('\u0000', 'text'),
    ];
    await writer.append(id, chunks[0] as string);
    const tail = collect(reader, id, 0);
    for (const chunk of chunks.slice(1)) await writer.append(id, chunk);
    await writer.finish(id, 'END', 60_000);
    const expected = '# Title\n\n- one\r\n- two \\n not a break\n\u0000';
    for (const items of [await tail, await collect(reader, id, 0)]) {
      expect(items.at(-1)).toEqual({ kind: 'final', data: 'END' });
      expect(joined(items.slice(0, -1), 0)).toEqual({ text: expected, next: 3 });
    }
  });

  test('a watcher hears each chunk as written, with its offset, then the finish', async () => {
    const writer = await connect();
    const watcher = shared ? await connect() : writer;
    const id = streamId();
    const heard: ChunkNudge[] = [];
    const unwatch = await watcher.watch(id, (nudge) => heard.push(nudge));
    const chunks = ['plain', 'two\nlines', 'back\\slash \\n\r\n', '\u0000r'];
    for (const chunk of chunks) await writer.append(id, chunk);
    await writer.finish(id, 'END', 60_000);
    await waitFor(() => (heard.includes('final') ? true : undefined), { what: 'the finish' });
    await unwatch();
    expect(heard).toEqual([...chunks.map((chunk, offset) => ({ offset, chunk })), 'final']);
  });

  test('aborting a tail ends it without the final record', async () => {
    const store = await connect();
    const id = streamId();
    await store.append(id, 'only');
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const item of tailStream(store, id, 0, abort.signal)) {
      seen.push(item.kind);
      abort.abort();
    }
    expect(seen).toEqual(['chunks']);
  });
});
