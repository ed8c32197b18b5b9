import { createContext, type ReactNode, useEffect, useState } from 'react';
import { askToKeepStorage } from '../local/device-storage.ts';
import { createReplicache, type ParleyReplicache } from './replicache.ts';
import { usePoke } from './use-poke.ts';

export const ReplicacheContext = createContext<ParleyReplicache | null>(null);

type Props = {
  userId: string;
  /** Called when the server refuses push or pull (401): the session may have ended. */
  onUnauthorized: () => Promise<void>;
  children: ReactNode;
};

/** Opens the user's Replicache for as long as this is mounted, and keeps it pulled on pokes. */
export function ReplicacheProvider({ userId, onUnauthorized, children }: Props) {
  const [rep, setRep] = useState<ParleyReplicache | null>(null);

  useEffect(() => {
    const instance = createReplicache(userId);
    setRep(instance);
    // This device now holds the person's conversations (and maybe unsent messages): ask the
    // browser not to clear them under storage pressure.
    void askToKeepStorage();
    return () => {
      setRep(null);
      void instance.close();
    };
  }, [userId]);

  useEffect(() => {
    if (!rep) return;
    rep.getAuth = async () => {
      await onUnauthorized();
      // No new token to offer: cookies carry the session. Replicache stops retrying.
      return null;
    };
  }, [rep, onUnauthorized]);

  usePoke(rep, onUnauthorized);

  if (!rep) return null;
  return <ReplicacheContext value={rep}>{children}</ReplicacheContext>;
}
