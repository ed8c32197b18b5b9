import type { ChunkKind } from '../../shared/stream-events.ts';
import { errorMessage } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import { type ChunkStore, StreamFinishedError, StreamGapError } from '../streams/chunk-store.ts';
import { toStoredChunk } from '../streams/stored-chunk.ts';
import { pause } from './pause.ts';

export type ChunkAppenderOptions = {
  /** How long the store may keep failing before the appender gives up on it for this run. */
  giveUpMs?: number | undefined;
  /** The longest wait between two tries while the store fails. */
  maxRetryMs?: number | undefined;
  /** Aborted when the process shuts down: no more waiting for the store to come back. */
  signal?: AbortSignal | undefined;
  /**
   * Told, for each chunk the store took, how many milliseconds passed since the first delta in
   * it arrived from the model (metrics: the token's latency to the store).
   */
  onStored?: ((latencyMs: number) => void) | undefined;
};

/**
 * Appends a run's deltas to the chunk store without making the model wait: one append is in
 * flight at a time, and deltas that arrive meanwhile go out together as the next chunk. Idle,
 * every delta is its own chunk (the lowest latency); under load, chunks grow instead of a
 * queue, so a slow store (Redis across a busy network) costs fewer round trips, not more delay.
 * Deltas of different kinds (reasoning, then text) are never joined into one chunk.
 *
 * A store that fails (Redis away for a while) does not fail the run: the chunk that failed is
 * sent again at its offset, with what arrived meanwhile behind it, until the store is back, so
 * readers find every chunk once and in order. Past `giveUpMs` of failing, or when the store
 * lost the stream's chunks, it stops trying: the run's row holds the text.
 */
export function createChunkAppender(
  store: ChunkStore,
  streamId: string,
  options: ChunkAppenderOptions = {},
) {
  const giveUpMs = options.giveUpMs ?? 5 * 60_000;
  const maxRetryMs = options.maxRetryMs ?? 1_000;
  const { signal, onStored } = options;
  // Deltas not sent yet: whole chunks of an earlier kind, then the growing one of `waitingKind`;
  // each with when its first delta arrived.
  const ready: { chunk: string; since: number }[] = [];
  let waiting = '';
  let waitingSince = 0;
  let waitingKind: ChunkKind = 'text';
  // The chunk at `offset`, once taken from `waiting` and until the store has it.
  let sending: string | null = null;
  let sendingSince = 0;
  let offset = 0;
  let inFlight: Promise<void> | null = null;
  // Someone else finished the stream: the run must not go on as if it were writing it.
  let failure: unknown = null;
  let failingSince: number | null = null;
  let failures = 0;
  let gaveUp = false;
  let settlers: (() => void)[] = [];
  const wakeSettlers = () => {
    const woken = settlers;
    settlers = [];
    for (const settle of woken) settle();
  };

  /**
   * After a failed write: whether to try it again (after a pause), or stop, because the
   * stream was finished by someone else or the store is given up.
   */
  async function tryAgainAfter(error: unknown): Promise<boolean> {
    if (error instanceof StreamFinishedError) {
      failure = error;
      return false;
    }
    const now = Date.now();
    if (failingSince === null) {
      failingSince = now;
      wakeSettlers();
    }
    if (error instanceof StreamGapError || now - failingSince > giveUpMs || signal?.aborted) {
      gaveUp = true;
      processLog.warn('runner.chunks_left_out_of_store', { streamId, error: errorMessage(error) });
      return false;
    }
    await pause(Math.min(maxRetryMs, 50 * 2 ** failures++), signal);
    return true;
  }
  const recovered = () => {
    failingSince = null;
    failures = 0;
  };

  async function flush() {
    try {
      while (failure === null && !gaveUp) {
        if (sending === null) {
          const next = ready.shift();
          if (next !== undefined) {
            sending = next.chunk;
            sendingSince = next.since;
          } else if (waiting === '') break;
          else {
            sending = toStoredChunk(waiting, waitingKind);
            sendingSince = waitingSince;
            waiting = '';
          }
        }
        try {
          await store.append(streamId, sending, offset);
        } catch (error) {
          if (await tryAgainAfter(error)) continue;
          break;
        }
        if (failingSince !== null) recovered();
        onStored?.(performance.now() - sendingSince);
        sending = null;
        offset += 1;
      }
    } finally {
      inFlight = null;
      wakeSettlers();
    }
  }

  return {
    push(delta: string, kind: ChunkKind = 'text') {
      if (failure !== null) throw failure;
      if (gaveUp) return;
      if (kind !== waitingKind) {
        if (waiting !== '')
          ready.push({ chunk: toStoredChunk(waiting, waitingKind), since: waitingSince });
        waiting = '';
        waitingKind = kind;
      }
      if (waiting === '') waitingSince = performance.now();
      waiting += delta;
      inFlight ??= flush();
    },
    /**
     * Resolves when every delta pushed is in the store, or at once while the store is failing
     * (the run's row must not wait for it); rejects if the stream was finished by someone else.
     */
    async settle() {
      while (inFlight !== null && failingSince === null && !gaveUp && failure === null) {
        await new Promise<void>((resolve) => settlers.push(resolve));
      }
      if (failure !== null) throw failure;
    },
    /**
     * Sends what is still waiting, then the stream's final record, trying through an outage
     * as appends do. Resolves with whether the final record is in the store.
     */
    async finish(final: string, graceMs: number): Promise<boolean> {
      while (inFlight !== null) await inFlight;
      // Given up on the chunks, the final record still tells readers to take the row's text.
      if (gaveUp) {
        gaveUp = false;
        recovered();
      }
      while (failure === null && !gaveUp) {
        try {
          await store.finish(streamId, final, graceMs);
          return true;
        } catch (error) {
          if (!(await tryAgainAfter(error))) break;
        }
      }
      return false;
    },
  };
}
