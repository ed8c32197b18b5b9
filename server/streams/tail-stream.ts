import type { ChunkKind } from '../../shared/stream-events.ts';
import type { ChunkStore } from './chunk-store.ts';
import { fromStoredChunk } from './stored-chunk.ts';

/**
 * What a tail yields: the text of consecutive chunks `first … last` of one kind (one live chunk,
 * or a run of a replay's page joined), or the final record.
 */
export type StreamItem =
  | { kind: 'chunks'; first: number; last: number; text: string; of: ChunkKind }
  | { kind: 'final'; data: string };

/**
 * Chunks read per store round trip, and sent as one event: bounds memory and request size on a
 * long replay, while a reload in mid-answer gets its thousands of chunks in a few events rather
 * than one event (one task in the browser) each.
 */
const pageSize = 1024;
/** A nudge can be lost (pub/sub is at-most-once): look again at least this often. */
const fallbackPollMs = 1_000;

/**
 * Every chunk from `offset` on, then the live tail, then the final record; ends when the
 * stream finishes or `signal` aborts. Every offset exactly once, in order (each item starts
 * where the last ended): resuming at the offset after the last one seen loses nothing and
 * doubles nothing.
 */
export async function* tailStream(
  store: ChunkStore,
  streamId: string,
  offset: number,
  signal: AbortSignal,
): AsyncGenerator<StreamItem> {
  let wake: (() => void) | undefined;
  // Chunks heard in nudges, not yet passed on. In step with `next`, they go out without a
  // store read; a gap (a lost nudge, one from before the watch) sends the reader to the store.
  const heard: { offset: number; chunk: string }[] = [];
  let mustRead = true;
  const unwatch = await store.watch(streamId, (nudge) => {
    if (nudge === 'final') mustRead = true;
    else heard.push(nudge);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    let next = offset;
    while (!signal.aborted) {
      while (heard.length > 0 && !mustRead) {
        const nudge = heard.shift() as { offset: number; chunk: string };
        if (nudge.offset < next) continue;
        if (nudge.offset > next) {
          mustRead = true;
          break;
        }
        const chunk = fromStoredChunk(nudge.chunk);
        yield { kind: 'chunks', first: next, last: next, text: chunk.text, of: chunk.kind };
        next += 1;
      }
      if (mustRead) {
        mustRead = false;
        // Read the final record first: if it is there, every chunk is already in the store.
        const final = await store.getFinal(streamId);
        for (;;) {
          const chunks = await store.read(streamId, next, pageSize);
          for (const run of runsOfOneKind(chunks, next)) yield run;
          next += chunks.length;
          if (chunks.length < pageSize || signal.aborted) break;
        }
        if (final !== null) {
          yield { kind: 'final', data: final };
          return;
        }
        continue;
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          mustRead = true;
          resolve();
        }, fallbackPollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await unwatch();
  }
}

/**
 * A page of stored chunks starting at `first`, as runs of consecutive chunks of one kind: an
 * answer's reasoning and its text never share an event.
 */
function runsOfOneKind(page: string[], first: number): StreamItem[] {
  const runs: StreamItem[] = [];
  let run: { kind: 'chunks'; first: number; last: number; text: string; of: ChunkKind } | null =
    null;
  for (const [index, stored] of page.entries()) {
    const chunk = fromStoredChunk(stored);
    if (run !== null && run.of === chunk.kind) {
      run.text += chunk.text;
      run.last = first + index;
      continue;
    }
    run = {
      kind: 'chunks',
      first: first + index,
      last: first + index,
      text: chunk.text,
      of: chunk.kind,
    };
    runs.push(run);
  }
  return runs;
}
