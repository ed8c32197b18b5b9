import { useEffect, useState } from 'react';
import type { ReadTransaction } from 'replicache';
import type { ParleyReplicache } from './replicache.ts';

export type Query<T> = (tx: ReadTransaction) => Promise<T>;

/**
 * The live result of a Replicache query: `undefined` until its first result, then re-rendered
 * whenever what it read changes. Pass a stable `query` (useCallback): a new function means a new
 * subscription, and the old one's result is never shown for it.
 */
export function useSubscribe<T>(rep: ParleyReplicache, query: Query<T>): T | undefined {
  const [latest, setLatest] = useState<{ query: Query<T>; value: T } | null>(null);
  useEffect(
    () => rep.subscribe(query, { onData: (value) => setLatest({ query, value }) }),
    [rep, query],
  );
  return latest !== null && latest.query === query ? latest.value : undefined;
}
