import { useEffect, useState } from 'react';
import type { Share } from '../../shared/entities.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/**
 * Whether `share` was made on this device and has not reached the server yet (its
 * `createShare` still waits to be pushed): until it has, its link opens nothing. Asked while
 * offline, again whenever the share's row changes.
 */
export function useShareUnsent(
  rep: ParleyReplicache,
  share: Share | null,
  online: boolean,
): boolean {
  const [unsent, setUnsent] = useState(false);
  useEffect(() => {
    // Only offline is the answer shown; online, whatever waits is being pushed.
    if (share === null || online) return;
    let current = true;
    rep.experimentalPendingMutations().then(
      (pending) => {
        if (!current) return;
        setUnsent(
          pending.some(
            (mutation) => mutation.name === 'createShare' && madeShare(mutation.args, share.id),
          ),
        );
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [rep, share, online]);
  return unsent;
}

const madeShare = (args: unknown, id: string): boolean =>
  typeof args === 'object' && args !== null && 'id' in args && args.id === id;
