/**
 * Error codes shared by server and client. The server maps each to an HTTP status; the
 * client maps each to what the person is told.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  /** An upload that is none of the kinds accepted (by its bytes, whatever its name says). */
  unsupportedMediaType: 'unsupported_media_type',
  /** Something the server depends on (the model provider) could not answer; try again later. */
  unavailable: 'unavailable',
  tooManyRequests: 'too_many_requests',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
