import { randomUUID } from 'node:crypto';

/**
 * An incoming `X-Request-Id` a proxy set is kept so that its lines and ours join up, but only
 * when it looks like an id: 8 to 64 letters, digits, `-`, `_`, `.` or `:`. Anything else (a
 * long string, a line break, something a person typed) is replaced by a new UUID.
 */
const saneRequestId = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && saneRequestId.test(incoming) ? incoming : randomUUID();
}
