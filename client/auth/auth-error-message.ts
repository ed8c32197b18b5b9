const fallback = 'That did not work. Please try again.';

const messageIn = (value: unknown): string | undefined =>
  typeof value === 'object' &&
  value !== null &&
  'message' in value &&
  typeof value.message === 'string' &&
  value.message !== ''
    ? value.message
    : undefined;

/**
 * What to tell the person when the auth client reports an error: Better Auth's own answers
 * carry `{ message }`; the server's limits (too many attempts, a body too large) answer as
 * every other endpoint does, `{ error: { message } }`.
 */
export function authErrorMessage(error: unknown): string {
  const nested =
    typeof error === 'object' && error !== null && 'error' in error ? error.error : undefined;
  return messageIn(nested) ?? messageIn(error) ?? fallback;
}
