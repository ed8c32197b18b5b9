import { useEffect } from 'react';
import { RecentMap } from '../../shared/recent-map.ts';
import type { ParleyReplicache } from './replicache.ts';
import { type Query, useSubscribe } from './use-subscribe.ts';

/** How many results `useRememberedSubscribe` keeps per store (a conversation and its messages are two). */
const rememberedResults = 40;

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
  { openWithRemembered = true }: { openWithRemembered?: boolean } = {},
): T | undefined {
  const remembered = rememberedIn(rep);
  const initial = openWithRemembered ? (remembered.get(key) as T | undefined) : undefined;
  const value = useSubscribe(rep, query, initial);
  useEffect(() => {
    // "Not found" is not remembered: it may only mean the store had not synced it yet.
    if (value !== undefined && value !== null) remembered.set(key, value);
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
  if (value !== null) remember(rep, key, value);
}

/**
 * Remembers `value` under `key` as if it had been shown (read ahead, or what the last page
 * load showed), unless a result is remembered there already.
 */
export function remember(rep: ParleyReplicache, key: string, value: unknown) {
  const remembered = rememberedIn(rep);
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
