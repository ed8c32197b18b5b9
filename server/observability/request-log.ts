import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';
import { addStreamHeaders } from '../http/stream-headers.ts';
import type { Logger } from './log.ts';
import { requestIdFrom } from './request-id.ts';

export const requestIdHeader = 'X-Request-Id';

/** What the request log puts on the context: the request's id, for the lines about it. */
export type RequestLogEnv = { Variables: { requestId: string } };

/**
 * One `request` line per request: its id (also sent back as `X-Request-Id`), the person as a
 * keyed hash, the method, the route's pattern (never the path itself, which can hold ids and
 * share tokens, nor the query), the status and the duration. A response written straight to
 * Node (an event stream) is logged as it opens, with `stream: true` and no duration: waiting
 * for its close would hold something per stream for as long as it stays open, and thousands of
 * idle poke streams stay open at once. Nothing else of the request goes in: no body, header,
 * cookie or address.
 */
export function requestLog(log: Logger, hashPerson: (id: string) => string): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header(requestIdHeader));
    c.set('requestId', requestId);
    // Event streams write their heads to Node's response themselves, with the id among them.
    const outgoing = nodeResponse(c);
    if (outgoing && !outgoing.headersSent) {
      addStreamHeaders(outgoing, { [requestIdHeader]: requestId });
    }
    await next();
    const fields = {
      requestId,
      person: personOf(c, hashPerson),
      method: c.req.method,
      route: routeOf(c),
    };
    if (outgoing?.headersSent) {
      log.info('request', { ...fields, status: outgoing.statusCode, stream: true });
      return;
    }
    c.res.headers.set(requestIdHeader, requestId);
    log.info('request', {
      ...fields,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  };
}

function personOf(c: Context, hashPerson: (id: string) => string): string | null {
  const personId = userIdOf(c);
  return personId === undefined ? null : hashPerson(personId);
}

/**
 * The pattern of the route that answered: the last handler for this method among the routes
 * run so far (a middleware that refused, such as a missing session, names its own pattern).
 */
export function routeOf(c: Context): string {
  const ran = matchedRoutes(c).slice(0, c.req.routeIndex + 1);
  const handler = ran.findLast((route) => route.method === c.req.method);
  return handler?.path ?? (routePath(c) || 'unmatched');
}

function userIdOf(c: Context): string | undefined {
  const user: unknown = c.get('user' as never);
  return typeof user === 'object' && user !== null && 'id' in user && typeof user.id === 'string'
    ? user.id
    : undefined;
}

function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing: unknown = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return typeof outgoing === 'object' && outgoing !== null && 'setHeader' in outgoing
    ? (outgoing as ServerResponse)
    : undefined;
}
