import { use } from 'react';
import type { ParleyReplicache } from './replicache.ts';
import { ReplicacheContext } from './replicache-context.tsx';

/** The signed-in user's Replicache; only inside <ReplicacheProvider>. */
export function useReplicache(): ParleyReplicache {
  const rep = use(ReplicacheContext);
  if (!rep) throw new Error('useReplicache needs a <ReplicacheProvider> above it');
  return rep;
}
