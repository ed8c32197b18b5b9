import { useSyncExternalStore } from 'react';

/**
 * Where the app is: the path and the fragment (without `#`), read from the address bar. The
 * app has four pages, so it keeps its own small router instead of a library one: the first
 * visit downloads less (decision 012).
 */
export type AppLocation = { readonly pathname: string; readonly hash: string };

const listeners = new Set<() => void>();
let current = readLocation();

function readLocation(): AppLocation {
  let hash = window.location.hash.slice(1);
  try {
    hash = decodeURIComponent(hash);
  } catch {
    // A malformed escape: keep the fragment as written.
  }
  return { pathname: window.location.pathname, hash };
}

function update(): void {
  const next = readLocation();
  if (next.pathname === current.pathname && next.hash === current.hash) return;
  current = next;
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', update);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current location; the component renders again when it changes. */
export function useAppLocation(): AppLocation {
  return useSyncExternalStore(subscribe, () => current);
}

/**
 * Whether `pathname` is the page open now. A component that only needs this renders again only
 * when it flips, not on every navigation: the sidebar holds a link per conversation.
 */
export function useIsCurrentPath(pathname: string): boolean {
  return useSyncExternalStore(subscribe, () => current.pathname === pathname);
}

export type NavigateOptions = { replace?: boolean; hash?: string | undefined };

/** Goes to `to` (an app path) in this tab, adding a history entry unless `replace`. */
export function navigate(to: string, { replace = false, hash }: NavigateOptions = {}): void {
  const url = hrefOf(to, hash);
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  update();
}

/** The address of an app path with an optional fragment. */
export function hrefOf(to: string, hash?: string): string {
  return hash ? `${to}#${encodeURIComponent(hash)}` : to;
}
