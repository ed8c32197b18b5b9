import { authClient } from './auth-client.ts';
import { type SignedInUser, toSignedInUser } from './signed-in-user.ts';

/**
 * What the server says about our session. `unreachable` (offline, server down, a proxy error)
 * is not `signed-out`: a person with local data keeps using it until the server says otherwise.
 */
export type SessionCheck =
  | { kind: 'signed-in'; user: SignedInUser }
  | { kind: 'signed-out' }
  | { kind: 'unreachable' };

export async function checkSession(): Promise<SessionCheck> {
  try {
    const { data, error } = await authClient.getSession();
    if (error) {
      return error.status === 401 || error.status === 403
        ? { kind: 'signed-out' }
        : { kind: 'unreachable' };
    }
    const user = data ? toSignedInUser(data.user) : null;
    return user ? { kind: 'signed-in', user } : { kind: 'signed-out' };
  } catch {
    // fetch itself failed: no network.
    return { kind: 'unreachable' };
  }
}
