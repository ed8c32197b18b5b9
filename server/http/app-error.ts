import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode } from '../../shared/errors.ts';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  [ErrorCode.badRequest]: 400,
  [ErrorCode.unauthorized]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.unsupportedMediaType]: 415,
  [ErrorCode.unavailable]: 503,
  [ErrorCode.tooManyRequests]: 429,
  [ErrorCode.internal]: 500,
};

/**
 * The one error type handlers throw. `message` is shown to the caller, so it must never carry
 * internals; the app's error handler turns it into `{ error: { code, message } }`.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get status(): ContentfulStatusCode {
    return statusOf[this.code];
  }
}

export const notFound = (what = 'Not found') => new AppError(ErrorCode.notFound, what);
export const badRequest = (message: string) => new AppError(ErrorCode.badRequest, message);
