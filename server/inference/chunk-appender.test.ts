import { describe, expect, test } from 'vitest';
import type { ChunkStore } from '../streams/chunk-store.ts';
import { createMemoryChunkStore } from '../streams/memory-chunk-store.ts';
import { fromStoredChunk } from '../streams/stored-chunk.ts';
import { waitFor } from '../testing/wait-for.ts';
import { createChunkAppender } from './chunk-appender.ts';

/** A memory store whose appends wait until released, like a store across a slow network. */
function slowStore(): ChunkStore & { release(): void } {
  const store = createMemoryChunkStore();
  let gates: (() => void)[] = [];
  return {
    ...store,
    async append(id, chunk) {
      await new Promise<void>((resolve) => gates.push(resolve));
      return store.append(id, chunk);
    },
    release() {
      const open = gates;
      gates = [];
      for (const gate of open) gate();
    },
  };
}

/** A memory store that fails while `down`, counting its failures. */
function flakyStore() {
  const store = createMemoryChunkStore();
  const flaky = {
    ...store,
    down: false,
    landThenFail: false,
    failures: 0,
    async append(id: string, chunk: string, at?: number) {
      if (flaky.landThenFail) {
        flaky.landThenFail = false;
        await store.append(id, chunk, at);
      }
      if (flaky.down) {
        flaky.failures++;
        throw new Error('Connection is closed.');
      }
      return store.append(id, chunk, at);
    },
    async finish(id: string, final: string, graceMs: number) {
      if (flaky.down) throw new Error('Connection is closed.');
      return store.finish(id, final, graceMs);
    },
  };
  return flaky;
}

const readAll = (store: ChunkStore, id: string) => store.read(id, 0, 1000);

describe('the chunk appender', () => {
  test('deltas that arrive while an append is in flight go out together, in order', async () => {
    const store = slowStore();
    const appender = createChunkAppender(store, 'run');
    appender.push('one ');
    for (const delta of ['two ', 'three ', 'four']) appender.push(delta);
    const drained = appender.settle();
    for (let i = 0; i < 5; i++) {
      store.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    expect(await readAll(store, 'run')).toEqual(['one ', 'two three four']);
  });

  test('reasoning and text that arrive together still go out as chunks of their own kind', async () => {
    const store = slowStore();
    const appender = createChunkAppender(store, 'run');
    appender.push('Hmm, ', 'reasoning');
    appender.push('let me ', 'reasoning');
    appender.push('think. ', 'reasoning');
    appender.push('Yes', 'text');
    appender.push('.', 'text');
    const drained = appender.settle();
    for (let i = 0; i < 5; i++) {
      store.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    expect((await readAll(store, 'run')).map(fromStoredChunk)).toEqual([
      { kind: 'reasoning', text: 'Hmm, ' },
      { kind: 'reasoning', text: 'let me think. ' },
      { kind: 'text', text: 'Yes.' },
    ]);
  });

  test('text that happens to start like a stored reasoning chunk reads back as text', async () => {
    const store = createMemoryChunkStore();
    const appender = createChunkAppender(store, 'run');
    appender.push('\u0000rnot reasoning');
    await appender.settle();
    expect((await readAll(store, 'run')).map(fromStoredChunk)).toEqual([
      { kind: 'text', text: '\u0000rnot reasoning' },
    ]);
  });

  test('with a store that keeps up, every delta is its own chunk', async () => {
    const store = createMemoryChunkStore();
    const appender = createChunkAppender(store, 'run');
    for (const delta of ['a', 'b', 'c']) {
      appender.push(delta);
      await appender.settle();
    }
    expect(await readAll(store, 'run')).toEqual(['a', 'b', 'c']);
  });

  test('an append to a stream someone else finished fails the settle and the next push', async () => {
    const store = createMemoryChunkStore();
    await store.finish('run', '{}', 1000);
    const appender = createChunkAppender(store, 'run');
    appender.push('late');
    await expect(appender.settle()).rejects.toThrow(/finished/);
    expect(() => appender.push('later')).toThrow(/finished/);
  });

  test('through a store outage nothing is lost or doubled, even an append whose reply was lost', async () => {
    const store = flakyStore();
    const appender = createChunkAppender(store, 'run', { maxRetryMs: 5 });
    appender.push('one ');
    await appender.settle();
    store.down = true;
    // This append lands, but its reply is lost: the appender cannot know it did.
    store.landThenFail = true;
    appender.push('two ');
    // While the store fails the run does not wait for it.
    await appender.settle();
    for (const delta of ['three ', 'four ', 'five']) appender.push(delta);
    await waitFor(() => (store.failures > 3 ? true : undefined));
    store.down = false;
    expect(await appender.finish('{"status":"done"}', 1000)).toBe(true);
    expect((await readAll(store, 'run')).join('')).toBe('one two three four five');
    expect(await store.getFinal('run')).toBe('{"status":"done"}');
  });

  test('a store that lost the stream is given up on, and still gets the final record', async () => {
    const store = createMemoryChunkStore();
    const appender = createChunkAppender(store, 'run', { maxRetryMs: 5 });
    appender.push('one ');
    await appender.settle();
    // As a Redis restarted without persistence: the stream is gone.
    await store.close();
    appender.push('two');
    await appender.settle();
    expect(await appender.finish('{"status":"done"}', 1000)).toBe(true);
    expect(await readAll(store, 'run')).toEqual([]);
    expect(await store.getFinal('run')).toBe('{"status":"done"}');
  });

  test('past its patience the appender gives up on a store that stays away', async () => {
    const store = flakyStore();
    store.down = true;
    const appender = createChunkAppender(store, 'run', { maxRetryMs: 5, giveUpMs: 30 });
    appender.push('lost');
    expect(await appender.finish('{}', 1000)).toBe(false);
  });
});
