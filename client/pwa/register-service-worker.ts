import type { Workbox } from 'workbox-window';

type Listener = () => void;

/** Hours between checks for a new deployment while the app stays open. */
const updateCheckMs = 60 * 60 * 1000;

let workbox: Workbox | null = null;
let updateWaiting = false;
const listeners = new Set<Listener>();

/**
 * Registers the service worker that precaches the app, so it opens with no network. Only in
 * builds: in development Vite serves modules that must not be cached. A new deployment's worker
 * installs alongside and waits; `applyUpdate` lets it take over, then the page reloads into it,
 * so a page never runs one version's shell with another's assets. Workbox's window library is
 * a chunk of its own: registering waits for the page's load anyway, so the first paint need
 * not download it.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void import('workbox-window').then(
    ({ Workbox }) => startWorkbox(new Workbox('/sw.js', { scope: '/' })),
    (error: unknown) => {
      console.warn('[pwa] the service worker could not be registered; offline use is off', error);
    },
  );
}

function startWorkbox(current: Workbox): void {
  workbox = current;
  current.addEventListener('waiting', () => {
    updateWaiting = true;
    for (const listener of listeners) listener();
  });
  current.register().catch((error: unknown) => {
    console.warn('[pwa] the service worker could not be registered; offline use is off', error);
  });
  setInterval(() => void current.update().catch(() => {}), updateCheckMs);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void current.update().catch(() => {});
  });
}

/** Whether a new version is installed and waiting for the person to accept it. */
export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

export function watchUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Switches to the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}
