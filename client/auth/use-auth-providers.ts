import { useEffect, useState } from 'react';
export type AuthProviders = { github: boolean; google: boolean };

const none: AuthProviders = { github: false, google: false };

/** Which social sign-ins the server has configured (none until it answers, or if it can't). */
export function useAuthProviders(): AuthProviders {
  const [providers, setProviders] = useState<AuthProviders>(none);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/config', { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        const parsed = toAuthProviders(body);
        if (parsed) setProviders(parsed);
      })
      .catch(() => {
        // Offline or aborted: offer email and password only.
      });
    return () => controller.abort();
  }, []);
  return providers;
}

/**
 * The `providers` of the server's `/api/config`, or null for any other answer. Checked by hand:
 * the sign-in page is a first visit's, where Zod would weigh (see signed-in-user.ts).
 */
export function toAuthProviders(body: unknown): AuthProviders | null {
  if (typeof body !== 'object' || body === null || !('providers' in body)) return null;
  const { providers } = body;
  if (typeof providers !== 'object' || providers === null) return null;
  if (!('github' in providers && 'google' in providers)) return null;
  const { github, google } = providers;
  if (typeof github !== 'boolean' || typeof google !== 'boolean') return null;
  return { github, google };
}
