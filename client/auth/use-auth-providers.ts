import { useEffect, useState } from 'react';
import * as z from 'zod/mini';

const AppConfig = z.object({
  providers: z.object({ github: z.boolean(), google: z.boolean() }),
});
export type AuthProviders = z.infer<typeof AppConfig>['providers'];

const none: AuthProviders = { github: false, google: false };

/** Which social sign-ins the server has configured (none until it answers, or if it can't). */
export function useAuthProviders(): AuthProviders {
  const [providers, setProviders] = useState<AuthProviders>(none);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/config', { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        const parsed = AppConfig.safeParse(body);
        if (parsed.success) setProviders(parsed.data.providers);
      })
      .catch(() => {
        // Offline or aborted: offer email and password only.
      });
    return () => controller.abort();
  }, []);
  return providers;
}
