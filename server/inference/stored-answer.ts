import type { ChunkStore } from '../streams/chunk-store.ts';
import { fromStoredChunk } from '../streams/stored-chunk.ts';

/** Chunks read per round trip: bounds a request on a long answer. */
const pageSize = 1024;

/** What a stream holds of an answer: its text and the reasoning before it. */
export type StoredAnswer = { text: string; reasoning: string };

/** The whole answer as the chunk store holds it (empty for an unknown or expired stream). */
export async function storedAnswer(store: ChunkStore, streamId: string): Promise<StoredAnswer> {
  const answer: StoredAnswer = { text: '', reasoning: '' };
  for (let offset = 0; ; ) {
    const page = await store.read(streamId, offset, pageSize);
    for (const stored of page) {
      const chunk = fromStoredChunk(stored);
      answer[chunk.kind === 'text' ? 'text' : 'reasoning'] += chunk.text;
    }
    offset += page.length;
    if (page.length < pageSize) return answer;
  }
}
