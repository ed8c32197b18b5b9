import type { MessageStatus } from './entities.ts';

// No Zod here: a reload in mid-answer reads the stream with this before the app's other code
// (and Zod) has loaded.

/**
 * The wire format of `GET /api/streams/:messageId` (server-sent events):
 * - `event: chunk`, `id: <offset>`, `data: <JSON>`: consecutive chunks of one kind, from the one
 *   after the previous event's id (or the first one asked for) up to this offset: one chunk
 *   while live, a run of a page in a replay. The data is a JSON string for the answer's text,
 *   or `{"reasoning": <JSON string>}` for what a thinking model wrote before it. JSON keeps
 *   newlines and carriage returns intact through SSE framing.
 * - `event: final`, `data: <StreamFinal JSON>`: how the answer ended; the stream then closes.
 *
 * Resume with `Last-Event-ID: <last offset received>` or `?from=<first offset wanted>`.
 */
export type StreamFinal = { status: MessageStatus; error: string | null };

/** What a chunk holds: the answer's text, or the model's reasoning before it. */
export type ChunkKind = 'text' | 'reasoning';

/** The chunks of one `chunk` event: their kind and their text joined. */
export type StreamedChunk = { kind: ChunkKind; text: string };

/** Encodes the chunks of a `chunk` event as its data. Text stays a bare JSON string. */
export const encodeChunk = (text: string, kind: ChunkKind = 'text'): string =>
  kind === 'text' ? JSON.stringify(text) : JSON.stringify({ reasoning: text });

/** Decodes the data of a `chunk` event into its kind and text. */
export function readChunk(data: string): StreamedChunk {
  const value: unknown = JSON.parse(data);
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (
    typeof value === 'object' &&
    value !== null &&
    'reasoning' in value &&
    typeof value.reasoning === 'string'
  ) {
    return { kind: 'reasoning', text: value.reasoning };
  }
  throw new Error('The data of a chunk event is a JSON string or {"reasoning": string}.');
}

/** The answer text a `chunk` event adds: its text, or '' for reasoning. */
export function decodeChunk(data: string): string {
  const chunk = readChunk(data);
  return chunk.kind === 'text' ? chunk.text : '';
}
