import { startTransition, useEffect, useState } from 'react';
import type { ReadTransaction } from 'replicache';
import type { ParleyReplicache } from './replicache.ts';

export type Query<T> = (tx: ReadTransaction) => Promise<T>;

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
      rep.subscribe(query, {
        // A result equal to what is shown renders nothing (React bails out on the same state).
        onData: (value) => {
          const show = () =>
            setShown((current) =>
              current.query === query && sameResult(current.value, value)
                ? current
                : { query, value },
            );
          if (transition) startTransition(show);
          else show();
        },
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
