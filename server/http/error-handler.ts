import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './app-error.ts';
import { loggableError } from './loggable-error.ts';

/** The one place an error becomes a response: known codes speak, everything else is logged. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof AppError) {
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  }
  if (error instanceof HTTPException) {
    const code = error.status === 413 ? ErrorCode.payloadTooLarge : ErrorCode.badRequest;
    return c.json({ error: { code, message: error.message || 'Bad request' } }, error.status);
  }
  console.error(`[http] unhandled error on ${c.req.method} ${c.req.path}: ${loggableError(error)}`);
  return c.json(
    {
      error: { code: ErrorCode.internal, message: 'Something went wrong on our side. Try again.' },
    },
    500,
  );
};
