import type { ChunkStore } from '../streams/chunk-store.ts';

/** Chunks read per round trip: bounds a request on a long answer. */
const pageSize = 1024;

/** The whole text of a stream as the chunk store holds it ('' for an unknown or expired one). */
export async function storedText(store: ChunkStore, streamId: string): Promise<string> {
  let text = '';
  for (let offset = 0; ; ) {
    const page = await store.read(streamId, offset, pageSize);
    text += page.join('');
    offset += page.length;
    if (page.length < pageSize) return text;
  }
}
