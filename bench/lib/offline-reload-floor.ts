import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';

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
 * The least time an offline reload takes to paint a list in this browser on this machine: a
 * page with no app, its document from a service worker's cache as the app's shell is, reloaded
 * offline `count` times in `browser` (whose network is restored after). `timers` is the script
 * the app's page runs, and its `__boot` (navigation start to the frame that paints the list's
 * first link) is read the same way. Resolves with one time per reload, in ms.
 */
export async function offlineReloadFloor(
  browser: BrowserContext,
  timers: string,
  count: number,
): Promise<number[]> {
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
    await tab.waitForFunction('navigator.serviceWorker.controller !== null');
    const times: number[] = [];
    await browser.setOffline(true);
    try {
      for (let i = 0; i < count; i++) {
        await tab.reload();
        const painted = await tab.waitForFunction('window.__boot', undefined, { polling: 50 });
        times.push((await painted.jsonValue()) as number);
      }
    } finally {
      await browser.setOffline(false);
    }
    return times;
  } finally {
    await tab.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
