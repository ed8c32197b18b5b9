import type { MessageStatus } from './entities.ts';

// No Zod here: a reload in mid-answer reads the stream with this before the app's other code
// (and Zod) has loaded.

/**
 * The wire format of `GET /api/streams/:messageId` (server-sent events):
 * - `event: chunk`, `id: <offset>`, `data: <JSON string>`: the text of the answer's chunks from
 *   the one after the previous event's id (or the first one asked for) up to this offset: one
 *   chunk while live, a page of them in a replay. JSON keeps newlines and carriage returns
 *   intact through SSE framing.
 * - `event: final`, `data: <StreamFinal JSON>`: how the answer ended; the stream then closes.
 *
 * Resume with `Last-Event-ID: <last offset received>` or `?from=<first offset wanted>`.
 */
export type StreamFinal = { status: MessageStatus; error: string | null };

/** Encodes the text of a `chunk` event as its data. */
export const encodeChunk = (delta: string): string => JSON.stringify(delta);

/** Decodes the data of a `chunk` event back into its text. */
export function decodeChunk(data: string): string {
  const delta: unknown = JSON.parse(data);
  if (typeof delta !== 'string') throw new Error('The data of a chunk event is a JSON string.');
  return delta;
}
