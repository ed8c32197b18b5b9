import { startTransition, useEffect, useState } from 'react';
import type { ReadTransaction, Replicache } from 'replicache';
import type { ParleyReplicache } from './replicache.ts';

export type Query<T> = (tx: ReadTransaction) => Promise<T>;

/**
 * `rep.subscribe`, but silent once closed. Replicache still calls `onData` for a run begun (or
 * scheduled) before its subscription ended, and a run can finish after a later one (a store
 * just opened reads its chunks from IndexedDB as it goes). Without this, a search typed fast
 * could have an old prefix's result arrive last and take the place of the current query's:
 * the results stayed blank until the data changed, which offline it never does.
 */
export function subscribeWhileOpen<T>(
  rep: Pick<Replicache, 'subscribe'>,
  query: Query<T>,
  onData: (value: T) => void,
): () => void {
  let open = true;
  const unsubscribe = rep.subscribe(query, {
    onData: (value) => {
      if (open) onData(value);
    },
  });
  return () => {
    open = false;
    unsubscribe();
  };
}

/**
 * The live result of a Replicache query: `initial` (by default `undefined`) until its first
 * result, then re-rendered whenever what it read changes. Pass a stable `query` (useCallback):
 * a new function means a new subscription, and the old one's result is never shown for it.
 * With `transition`, a new result renders as a transition: what the person is doing (typing,
 * their message's echo) paints first.
 */
export function useSubscribe<T>(
  rep: ParleyReplicache,
  query: Query<T>,
  initial?: T,
  { transition = false }: { transition?: boolean } = {},
): T | undefined {
  const [shown, setShown] = useState<{ query: Query<T>; value: T | undefined }>(() => ({
    query,
    value: initial,
  }));
  useEffect(
    () =>
      subscribeWhileOpen(rep, query, (value) => {
        // A result equal to what is shown renders nothing (React bails out on the same state).
        const show = () =>
          setShown((current) =>
            current.query === query && sameResult(current.value, value)
              ? current
              : { query, value },
          );
        if (transition) startTransition(show);
        else show();
      }),
    [rep, query, transition],
  );
  return shown.query === query ? shown.value : initial;
}

/** Whether two results show the same: the same value, or lists of the same values in order. */
function sameResult(shown: unknown, next: unknown): boolean {
  if (Object.is(shown, next)) return true;
  if (!Array.isArray(shown) || !Array.isArray(next) || shown.length !== next.length) return false;
  return shown.every((value, index) => Object.is(value, next[index]));
}
