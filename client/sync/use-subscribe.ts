import { useEffect, useState } from 'react';
import type { ReadTransaction } from 'replicache';
import { RecentMap } from '../../shared/recent-map.ts';
import type { ParleyReplicache } from './replicache.ts';

export type Query<T> = (tx: ReadTransaction) => Promise<T>;

/**
 * The live result of a Replicache query: `initial` (by default `undefined`) until its first
 * result, then re-rendered whenever what it read changes. Pass a stable `query` (useCallback):
 * a new function means a new subscription, and the old one's result is never shown for it.
 */
export function useSubscribe<T>(
  rep: ParleyReplicache,
  query: Query<T>,
  initial?: T,
): T | undefined {
  const [shown, setShown] = useState<{ query: Query<T>; value: T | undefined }>(() => ({
    query,
    value: initial,
  }));
  useEffect(
    () =>
      rep.subscribe(query, {
        // A result equal to what is shown renders nothing (React bails out on the same state).
        onData: (value) =>
          setShown((current) =>
            current.query === query && sameResult(current.value, value)
              ? current
              : { query, value },
          ),
      }),
    [rep, query],
  );
  return shown.query === query ? shown.value : initial;
}

/** Whether two results show the same: the same value, or lists of the same values in order. */
function sameResult(shown: unknown, next: unknown): boolean {
  if (Object.is(shown, next)) return true;
  if (!Array.isArray(shown) || !Array.isArray(next) || shown.length !== next.length) return false;
  return shown.every((value, index) => Object.is(value, next[index]));
}

/** How many results `useRememberedSubscribe` keeps per store. */
const rememberedResults = 20;

/** What queries showed lately, per store (so never across accounts) and key. */
const shownLately = new WeakMap<ParleyReplicache, RecentMap<string, unknown>>();

/**
 * `useSubscribe` for a query opened again and again, named by `key` (a conversation, its
 * messages): until its first result it shows what it showed last under that key, so going back
 * to a conversation paints it in the click's own frame instead of a frame or two later, after
 * the store has been read. The first result follows within milliseconds and replaces it if
 * anything changed meanwhile.
 */
export function useRememberedSubscribe<T>(
  rep: ParleyReplicache,
  query: Query<T>,
  key: string,
): T | undefined {
  const remembered = rememberedIn(rep);
  const value = useSubscribe(rep, query, remembered.get(key) as T | undefined);
  useEffect(() => {
    if (value !== undefined) remembered.set(key, value);
  }, [remembered, key, value]);
  return value;
}

/**
 * Reads `query` now and remembers its result under `key` as if it had been shown, unless a
 * result is remembered there already: a `useRememberedSubscribe` of that key opens with it.
 */
export async function readAhead<T>(rep: ParleyReplicache, query: Query<T>, key: string) {
  const remembered = rememberedIn(rep);
  if (remembered.has(key)) return;
  const value = await rep.query(query);
  if (!remembered.has(key)) remembered.set(key, value);
}

function rememberedIn(rep: ParleyReplicache): RecentMap<string, unknown> {
  let remembered = shownLately.get(rep);
  if (!remembered) {
    remembered = new RecentMap(rememberedResults);
    shownLately.set(rep, remembered);
  }
  return remembered;
}
