import type { SignedInUser } from './signed-in-user.ts';
import { useSession } from './use-session.ts';

/** The signed-in user; only for components rendered inside the signed-in app. */
export function useCurrentUser(): SignedInUser {
  const session = useSession();
  if (session.status !== 'signed-in') throw new Error('useCurrentUser needs a signed-in user');
  return session.user;
}
