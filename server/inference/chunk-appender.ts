import type { ChunkStore } from '../streams/chunk-store.ts';

/**
 * Appends a run's deltas to the chunk store without making the model wait: one append is in
 * flight at a time, and deltas that arrive meanwhile go out together as the next chunk. Idle,
 * every delta is its own chunk (the lowest latency); under load, chunks grow instead of a
 * queue, so a slow store (Redis across a busy network) costs fewer round trips, not more delay.
 */
export function createChunkAppender(store: ChunkStore, streamId: string) {
  let waiting = '';
  let inFlight: Promise<void> | null = null;
  let failure: unknown = null;

  async function flush() {
    try {
      while (waiting !== '' && failure === null) {
        const chunk = waiting;
        waiting = '';
        await store.append(streamId, chunk);
      }
    } catch (error) {
      failure = error;
    } finally {
      inFlight = null;
    }
  }

  return {
    push(delta: string) {
      if (failure !== null) throw failure;
      waiting += delta;
      inFlight ??= flush();
    },
    /** Resolves when every delta pushed is in the store; rejects if an append failed. */
    async drain() {
      while (inFlight) await inFlight;
      if (failure !== null) throw failure;
    },
  };
}
