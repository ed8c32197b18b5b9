import type { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { takeStreamHeaders } from './stream-headers.ts';
import { WebEventResponse } from './web-event-response.ts';

/**
 * What an event stream is written to: Node's response, or on runtimes without one (Workers) a
 * web stream that behaves the same (web-event-response.ts). The writers use only this much.
 */
export type EventResponse = {
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  readonly writableNeedDrain: boolean;
  write(text: string): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
};

/**
 * Starts the event stream of a request: on Node straight on its response (what follows is
 * written there, and `reply` tells Hono it was sent), elsewhere on a web stream that `reply`
 * carries. `opening` (a comment, say) goes out with the headers.
 */
export function openEventStream(
  c: Context,
  opening?: string,
): { response: EventResponse; reply: Response } {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing && 'writeHead' in outgoing) {
    startEventStream(outgoing, opening);
    return { response: outgoing, reply: RESPONSE_ALREADY_SENT };
  }
  const response = new WebEventResponse(opening);
  return { response, reply: response.toResponse() };
}

/**
 * Server-sent events written straight to Node's response. Hono's `streamSSE` goes through a
 * web TransformStream that the Node adapter then reads back: a promise chain per event, part of
 * what held the server at a full core with hundreds of answers streaming (decision 021).
 * `opening` (a comment, say) goes out with the headers, after those the middlewares added
 * (http/stream-headers.ts).
 */
export function startEventStream(response: ServerResponse, opening?: string): void {
  // The body ends when the connection does, as an event stream's does anyway, so each event is
  // one plain write instead of chunked framing (a length, the event, a line break, corked until
  // the next tick), which makes a poke to thousands of streams measurably faster (decision 021).
  response.useChunkedEncodingByDefault = false;
  response.writeHead(200, {
    ...takeStreamHeaders(response),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'close',
    // Proxies must not buffer an event stream.
    'x-accel-buffering': 'no',
  });
  // Sent now, not with the first event: an answer may not have one for a while, and the
  // reader should know at once that it is connected. With `opening`, in the same write (the
  // socket corked), but as a string of its own: Node builds the head by appending piece to
  // piece, which V8 keeps as a tree of some fifty small strings, and Node holds the head for as
  // long as the response is open. Written out by itself, that very string is flattened into
  // one; joined to `opening` (as `write` does with the first chunk) only the joined copy would
  // be, and each idle poke stream would keep the tree: a kilobyte more, held thousands of times.
  response.socket?.cork();
  response.flushHeaders();
  if (opening !== undefined) response.write(opening);
  response.socket?.uncork();
}

/**
 * A comment line that keeps proxies from closing an idle stream. Skipped while the socket is
 * still full: a stalled reader needs no more bytes, and no waiting is set up per heartbeat.
 */
export function writeHeartbeat(response: EventResponse): void {
  if (response.destroyed || response.writableEnded || response.writableNeedDrain) return;
  response.write(': heartbeat\n\n');
}

/** One event in SSE framing. `data` must hold no line break (ours are JSON). */
export function formatEvent(event: string, data: string, id?: string): string {
  return id === undefined
    ? `event: ${event}\ndata: ${data}\n\n`
    : `event: ${event}\nid: ${id}\ndata: ${data}\n\n`;
}

/**
 * Writes `text`; when the socket's buffer is full, resolves once it has drained (or the
 * response closed), so a slow reader slows its own stream instead of filling memory.
 * Returns nothing when the write went straight through: no promise per event.
 */
export function writeEvent(response: EventResponse, text: string): Promise<void> | undefined {
  if (response.destroyed || response.writableEnded) return undefined;
  if (response.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
