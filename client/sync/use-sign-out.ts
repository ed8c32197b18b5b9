import { useCallback } from 'react';
import { useCurrentUser } from '../auth/use-current-user.ts';
import { useSession } from '../auth/use-session.ts';
import { deleteLocalData } from '../local/delete-local-data.ts';
import { useReplicache } from './use-replicache.ts';

/**
 * Sign out, as the person means it on this device: their conversations are deleted from the
 * browser too. Changes made offline and not yet sent would be lost with them, so they are
 * named first and the person decides. Returns whether they were signed out.
 */
export function useSignOut(): () => Promise<boolean> {
  const rep = useReplicache();
  const { signOut } = useSession();
  const user = useCurrentUser();
  return useCallback(async () => {
    const unsent = (await rep.experimentalPendingMutations()).length;
    if (unsent > 0) {
      const changes =
        unsent === 1 ? '1 change made offline has' : `${unsent} changes made offline have`;
      const sure = window.confirm(
        `${changes} not reached the server yet and will be lost if you sign out now. Sign out anyway?`,
      );
      if (!sure) return false;
    }
    await deleteLocalData(user.id);
    await signOut();
    return true;
  }, [rep, signOut, user.id]);
}
