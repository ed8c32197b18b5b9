import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './app-error.ts';

/** Refuses bodies over `maxBytes` with a 413 before reading them whole. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The rest of the body is never read, so the connection cannot be reused: say so, or
      // the client's next request on it fails.
      c.header('Connection', 'close');
      throw new AppError(
        ErrorCode.payloadTooLarge,
        `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`,
      );
    },
  });
