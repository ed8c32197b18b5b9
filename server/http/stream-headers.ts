import type { ServerResponse } from 'node:http';

/**
 * Headers the middlewares give every response Hono does not build: the event streams written
 * straight to Node's response (http/event-stream.ts), which pass them to `writeHead` with
 * their own. Set with `setHeader` instead, Node would keep them in a map of its own on the
 * response for as long as it stays open, and idle poke streams stay open by the thousand for
 * hours: that map cost more than a kilobyte per stream. Kept here only until the head is
 * written (an entry goes with its response if no stream is opened).
 */
const pending = new WeakMap<ServerResponse, Record<string, string>>();

/** Adds `headers` to those `response` is to be written with, if it is written straight to Node. */
export function addStreamHeaders(response: ServerResponse, headers: Record<string, string>): void {
  pending.set(response, { ...pending.get(response), ...headers });
}

/** The headers added for `response`, handed over once: its head is being written. */
export function takeStreamHeaders(response: ServerResponse): Record<string, string> | undefined {
  const headers = pending.get(response);
  pending.delete(response);
  return headers;
}
