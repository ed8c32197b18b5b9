import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a share is looked up by: the SHA-256 of its token, base64url. The index holds the hash,
 * so how far a guess gets through the index says nothing about the token; the token itself
 * is then compared in constant time (`sameToken`).
 */
export function shareTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether `given` is the stored token, compared in time that does not depend on where they differ. */
export function sameToken(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
