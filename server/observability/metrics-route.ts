import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError, notFound } from '../http/app-error.ts';
import type { Registry } from './metrics-registry.ts';

/**
 * `GET /metrics` in Prometheus's text format, for a scraper holding `METRICS_TOKEN` as a
 * bearer token. Without a token configured the endpoint does not exist (404, also under a
 * client build, whose shell would otherwise answer); a wrong or missing token is a 401.
 */
export function mountMetrics(app: Hono, registry: Registry, token: string | undefined): void {
  app.get('/metrics', async (c) => {
    if (token === undefined) throw notFound('No such endpoint.');
    if (!sameSecret(bearerToken(c.req.header('authorization')), token)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new AppError(ErrorCode.unauthorized, 'The metrics token is missing or wrong.');
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await registry.expose(), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/** Compared as digests of equal length, in constant time: the answer's timing says nothing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
