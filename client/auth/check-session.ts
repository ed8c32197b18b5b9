import { type SignedInUser, toSignedInUser } from './signed-in-user.ts';

/**
 * What the server says about our session. `unreachable` (offline, server down, a proxy error)
 * is not `signed-out`: a person with local data keeps using it until the server says otherwise.
 */
export type SessionCheck =
  | { kind: 'signed-in'; user: SignedInUser }
  | { kind: 'signed-out' }
  | { kind: 'unreachable' };

/**
 * Asks Better Auth's `get-session` endpoint with a plain fetch: its client library is not part
 * of the first paint (it loads for sign-in and sign-out, see `load-auth-client.ts`). The
 * endpoint answers `null` when nobody is signed in.
 */
export async function checkSession(): Promise<SessionCheck> {
  let response: Response;
  try {
    response = await askForSession();
  } catch {
    // fetch itself failed: no network.
    return { kind: 'unreachable' };
  }
  if (response.status === 401 || response.status === 403) return { kind: 'signed-out' };
  if (!response.ok) return { kind: 'unreachable' };
  const body: unknown = await response.json().catch(() => undefined);
  if (body === null) return { kind: 'signed-out' };
  if (typeof body !== 'object' || !('user' in body)) {
    // Not Better Auth's answer (a captive portal, a proxy's page): ask again later.
    return { kind: 'unreachable' };
  }
  const user = toSignedInUser(body.user);
  return user ? { kind: 'signed-in', user } : { kind: 'signed-out' };
}

declare global {
  interface Window {
    /** The first check, started by public/boot.js before the app's scripts loaded. */
    parleySessionCheck?: Promise<Response> | undefined;
  }
}

/** The check public/boot.js started, the first time; a new request after that. */
function askForSession(): Promise<Response> {
  const early = window.parleySessionCheck;
  window.parleySessionCheck = undefined;
  return early ?? fetch('/api/auth/get-session', { headers: { accept: 'application/json' } });
}
