import { useEffect } from 'react';
import type { ParleyReplicache } from './replicache.ts';

const maxRetryMs = 30_000;

/**
 * `patches=1`: this version of the app applies a change sent as a patch (see `applyPatch`),
 * for the client group it names. A browser may hold several (tabs of two versions of the app),
 * and a patch carries one group's last mutation ids, so the stream says whose it takes.
 */
const pokeURL = (clientGroupID: string) =>
  `/api/replicache/poke?patches=1&group=${encodeURIComponent(clientGroupID)}`;

/**
 * Holds the poke stream open: every `poke` means "your data changed", so pull. A `patch` is
 * the change itself, as a pull would answer it, sent when the server expects this tab to be one
 * step behind: applied at once if it is (no round trip), pulled for otherwise. On (re)connect
 * the server is reachable again, so catch up at once: pull what was missed and push what was
 * queued offline, skipping Replicache's backoff.
 */
export function usePoke(rep: ParleyReplicache | null, onRefused: () => Promise<void>): void {
  useEffect(() => {
    if (!rep) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let retryMs = 1_000;
    let closed = false;

    // A poke means there is something to fetch: no reason to wait out Replicache's minimum
    // delay between pulls (one pull is still in flight at a time).
    const pull = () => rep.pull({ now: true }).catch(ignore);
    // Replicache checks the patch's base against where this tab is, and refuses it otherwise.
    const applyPatch = (event: MessageEvent<string>) => {
      try {
        rep.poke(JSON.parse(event.data)).catch(pull);
      } catch {
        pull();
      }
    };
    const catchUp = () => {
      rep.pull({ now: true }).catch(ignore);
      rep.push({ now: true }).catch(ignore);
    };

    const connect = (clientGroupID: string) => {
      if (closed) return;
      const current = new EventSource(pokeURL(clientGroupID));
      source = current;
      current.addEventListener('open', () => {
        retryMs = 1_000;
        catchUp();
      });
      current.addEventListener('poke', pull);
      current.addEventListener('patch', applyPatch);
      current.addEventListener('error', () => {
        // The browser reconnects by itself after a network error, but gives up for good when
        // the server answers with an error status (e.g. 401 while the session is re-checked).
        if (current.readyState !== EventSource.CLOSED) return;
        // Most often a 401: the session ended (signed out elsewhere, the account deleted).
        // Asking now signs this device out at once rather than at its next push or pull.
        void onRefused();
        retry = setTimeout(() => connect(clientGroupID), retryMs);
        retryMs = Math.min(retryMs * 2, maxRetryMs);
      });
    };

    // Known as soon as Replicache has opened its store, which its first pull waits for too.
    rep.clientGroupID.then(connect, ignore);
    window.addEventListener('online', catchUp);
    return () => {
      closed = true;
      window.removeEventListener('online', catchUp);
      clearTimeout(retry);
      source?.close();
    };
  }, [rep, onRefused]);
}

function ignore() {
  // A failed pull or push is retried by Replicache itself.
}
