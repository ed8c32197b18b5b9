import { Workbox } from 'workbox-window';

/**
 * Registers the service worker that precaches the app, so it opens with no network. Only in
 * builds: in development Vite serves modules that must not be cached.
 */
export function registerServiceWorker(): Workbox | null {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return null;
  const workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.register().catch((error: unknown) => {
    console.warn('[pwa] the service worker could not be registered; offline use is off', error);
  });
  return workbox;
}
