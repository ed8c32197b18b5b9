import { describe, expect, test } from 'vitest';
import type { ChunkStore } from '../streams/chunk-store.ts';
import { createMemoryChunkStore } from '../streams/memory-chunk-store.ts';
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

const readAll = (store: ChunkStore, id: string) => store.read(id, 0, 1000);

describe('the chunk appender', () => {
  test('deltas that arrive while an append is in flight go out together, in order', async () => {
    const store = slowStore();
    const appender = createChunkAppender(store, 'run');
    appender.push('one ');
    for (const delta of ['two ', 'three ', 'four']) appender.push(delta);
    const drained = appender.drain();
    for (let i = 0; i < 5; i++) {
      store.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    expect(await readAll(store, 'run')).toEqual(['one ', 'two three four']);
  });

  test('with a store that keeps up, every delta is its own chunk', async () => {
    const store = createMemoryChunkStore();
    const appender = createChunkAppender(store, 'run');
    for (const delta of ['a', 'b', 'c']) {
      appender.push(delta);
      await appender.drain();
    }
    expect(await readAll(store, 'run')).toEqual(['a', 'b', 'c']);
  });

  test('a failed append fails the drain and the next push', async () => {
    const store = createMemoryChunkStore();
    await store.finish('run', '{}', 1000);
    const appender = createChunkAppender(store, 'run');
    appender.push('late');
    await expect(appender.drain()).rejects.toThrow(/finished/);
    expect(() => appender.push('later')).toThrow(/finished/);
  });
});
