import { createHmac, hkdfSync } from 'node:crypto';

/**
 * How a person is named in the logs: an HMAC of their id under a key derived from the server's
 * auth secret, cut to 16 hex characters. Lines of one person can be followed across requests
 * and processes sharing the secret, but a log alone (or a leaked one beside the user table)
 * does not say whose they are: without the secret the id cannot be recomputed from a guess.
 */
export function personHasher(secret: string): (personId: string) => string {
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'parley log person id', 32));
  return (personId) => createHmac('sha256', key).update(personId).digest('hex').slice(0, 16);
}
