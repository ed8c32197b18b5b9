import type { ChunkKind, StreamedChunk } from '../../shared/stream-events.ts';

// The chunk store keeps strings. An answer's text is stored as it came, so the text path pays
// nothing; reasoning is stored behind a NUL and a letter. NUL never starts model text in
// practice (Postgres text cannot even hold it), but a text chunk that does is escaped the
// same way, so every chunk reads back as exactly what was stored.
const marker = '\u0000';
const reasoningTag = `${marker}r`;
const textTag = `${marker}t`;

/** The store's string for a chunk of `kind`. */
export function toStoredChunk(text: string, kind: ChunkKind): string {
  if (kind === 'reasoning') return reasoningTag + text;
  return text.charCodeAt(0) === 0 ? textTag + text : text;
}

/** A stored chunk's kind and text. */
export function fromStoredChunk(chunk: string): StreamedChunk {
  if (chunk.charCodeAt(0) !== 0) return { kind: 'text', text: chunk };
  return { kind: chunk.startsWith(reasoningTag) ? 'reasoning' : 'text', text: chunk.slice(2) };
}
