import type { authClient } from './auth-client.ts';

/**
 * Better Auth's client, loaded when first needed (signing in, up or out) rather than with the
 * first paint; the sign-in page starts loading it as it opens.
 */
export function loadAuthClient(): Promise<typeof authClient> {
  return import('./auth-client.ts').then((module) => module.authClient);
}
