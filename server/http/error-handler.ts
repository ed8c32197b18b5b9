import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorCode } from '../../shared/errors.ts';
import { createLogger, type Logger } from '../observability/log.ts';
import { routeOf } from '../observability/request-log.ts';
import { AppError } from './app-error.ts';
import { loggableError } from './loggable-error.ts';

/**
 * The one place an error becomes a response: known codes speak, everything else is logged as
 * an `unhandled error` line with the request's id and route pattern (never its path or query).
 */
export function errorHandler(log: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof AppError) {
      return c.json({ error: { code: error.code, message: error.message } }, error.status);
    }
    if (error instanceof HTTPException) {
      const code = error.status === 413 ? ErrorCode.payloadTooLarge : ErrorCode.badRequest;
      return c.json({ error: { code, message: error.message || 'Bad request' } }, error.status);
    }
    const requestId: unknown = c.get('requestId' as never);
    log.error('unhandled error', {
      requestId: typeof requestId === 'string' ? requestId : null,
      method: c.req.method,
      route: routeOf(c),
      error: loggableError(error),
    });
    return c.json(
      {
        error: {
          code: ErrorCode.internal,
          message: 'Something went wrong on our side. Try again.',
        },
      },
      500,
    );
  };
}

/** The error handler of apps without a logger of their own (tests of one middleware). */
export const handleError: ErrorHandler = errorHandler(createLogger({ level: 'error' }));
