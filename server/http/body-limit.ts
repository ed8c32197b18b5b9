import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './app-error.ts';

/** Refuses bodies over `maxBytes` with a 413 before reading them whole. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(
        ErrorCode.payloadTooLarge,
        `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`,
      );
    },
  });
