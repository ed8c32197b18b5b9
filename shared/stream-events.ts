import { z } from 'zod';
import { MessageStatus } from './entities.ts';

/**
 * The wire format of `GET /api/streams/:messageId` (server-sent events):
 * - `event: chunk`, `id: <offset>`, `data: <JSON string>`: one text delta of the answer, at that
 *   offset. JSON keeps newlines and carriage returns intact through SSE framing.
 * - `event: final`, `data: <StreamFinal JSON>`: how the answer ended; the stream then closes.
 *
 * Resume with `Last-Event-ID: <last offset received>` or `?from=<first offset wanted>`.
 */
export const StreamFinal = z.object({
  status: MessageStatus,
  error: z.string().nullable(),
});
export type StreamFinal = z.infer<typeof StreamFinal>;

/** Encodes one text delta as the data of a `chunk` event. */
export const encodeChunk = (delta: string): string => JSON.stringify(delta);

/** Decodes the data of a `chunk` event back into its text delta. */
export const decodeChunk = (data: string): string => z.string().parse(JSON.parse(data));
