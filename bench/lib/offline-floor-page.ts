import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { waitUntilServiceWorkerControls } from '../../e2e/offline-ready.ts';

/** Links in the page's list: as many as the app's list paints first. */
const links = 60;

// A page with no app: its list is in the HTML, so it paints as soon as the document is parsed.
const page = `<!doctype html>
<meta charset="utf-8">
<title>Floor</title>
<nav aria-label="Conversations"><ul>
${Array.from({ length: links }, (_, i) => `<li><a href="/c/${i}">Conversation ${i}</a></li>`).join('\n')}
</ul></nav>
<script>navigator.serviceWorker.register('/sw.js');</script>`;

// Keeps the page in its cache and answers every navigation from there, as the app's service
// worker does with its shell.
const serviceWorker = `
  self.addEventListener('install', (event) => {
    event.waitUntil(caches.open('floor').then((cache) => cache.add('/')).then(() => self.skipWaiting()));
  });
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
  self.addEventListener('fetch', (event) => {
    if (event.request.mode === 'navigate') event.respondWith(caches.match('/'));
  });
`;

/**
 * The floor of an offline start in this browser, where the bench runs: opens, in a new tab of
 * `browser` running `timers` (the script the app's page runs), a page with no app whose
 * document a service worker answers from its cache, as the app's shell is answered; calls
 * `use` with it once the worker controls it (to reload it offline as the app is), then closes
 * the tab and its server.
 */
export async function withOfflineFloorPage<T>(
  browser: BrowserContext,
  timers: string,
  use: (tab: Page) => Promise<T>,
): Promise<T> {
  const server = createServer((request, response) => {
    const worker = request.url === '/sw.js';
    response.writeHead(200, {
      'content-type': worker ? 'text/javascript' : 'text/html; charset=utf-8',
    });
    response.end(worker ? serviceWorker : page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tab = await browser.newPage();
  try {
    await tab.addInitScript(timers);
    await tab.goto(`http://127.0.0.1:${port}/`);
    await waitUntilServiceWorkerControls(tab);
    return await use(tab);
  } finally {
    await tab.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
