import { describe, expect, test } from 'vitest';
import { createKeyedQueue } from './keyed-queue.ts';

describe('one at a time per key', () => {
  test('work of one key runs in arrival order, never overlapping; other keys do not wait', async () => {
    const enqueue = createKeyedQueue();
    const log: string[] = [];
    let releaseFirst = () => {};
    const first = enqueue('ann', async () => {
      log.push('ann 1 start');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      log.push('ann 1 end');
    });
    const second = enqueue('ann', async () => {
      log.push('ann 2');
    });
    await enqueue('bob', async () => {
      log.push('bob');
    });
    expect(log).toEqual(['ann 1 start', 'bob']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['ann 1 start', 'bob', 'ann 1 end', 'ann 2']);
  });

  test('a failure reaches its caller and the queue goes on', async () => {
    const enqueue = createKeyedQueue();
    const failed = enqueue('ann', () => Promise.reject(new Error('boom')));
    const next = enqueue('ann', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
