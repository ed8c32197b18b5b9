import type { Page } from 'playwright-core';
import { waitFor } from '../server/testing/wait-for.ts';
import { offlineRequestFailure } from './browser-errors.ts';

// Runs in the page: walks every value of every IndexedDB database whose name mentions Parley,
// looking for an object with all the given fields.
const findStoredScript = (fields: Record<string, string>) => `(async () => {
  const wanted = ${JSON.stringify(fields)};
  const matches = (value) =>
    value !== null && typeof value === 'object' &&
    Object.entries(wanted).every(([key, expected]) => value[key] === expected);
  const walk = (value) => {
    if (matches(value)) return true;
    if (value === null || typeof value !== 'object') return false;
    return Object.values(value).some(walk);
  };
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  for (const { name } of await indexedDB.databases()) {
    if (!name || !name.includes('parley')) continue;
    const db = await request(indexedDB.open(name));
    try {
      for (const store of db.objectStoreNames) {
        if (walk(await request(db.transaction(store).objectStore(store).getAll()))) return true;
      }
    } finally {
      db.close();
    }
  }
  return false;
})()`;

/**
 * Waits until a row with these fields is on disk in the page's IndexedDB, not only in memory.
 * Replicache writes to IndexedDB about a second after a change; a reload or a closed browser
 * before then starts from what was written.
 */
export async function waitUntilStoredLocally(page: Page, fields: Record<string, string>) {
  await waitFor(async () => ((await page.evaluate(findStoredScript(fields))) ? true : undefined), {
    timeoutMs: 15_000,
    what: `${JSON.stringify(fields)} to be stored in IndexedDB`,
  });
}

/**
 * Waits until a service worker controls the page: from then on it loads with no network. It
 * installs by downloading the whole precache (Shiki's grammars included), which can take many
 * seconds on a device busy with a full suite, hence 30.
 */
export async function waitUntilServiceWorkerControls(page: Page) {
  await waitFor(
    async () =>
      (await page.evaluate('navigator.serviceWorker.controller !== null')) ? true : undefined,
    { timeoutMs: 30_000, what: 'a service worker to control the page' },
  );
}

/**
 * Takes the network away once the page can do without it: the service worker controls it and,
 * with `kept`, a row with those fields is on the device. Requests that fail from then on are
 * expected, and `app` is told so.
 */
export async function goOffline(
  app: { allowBrowserErrors(because: string, matches: RegExp): void },
  page: Page,
  kept?: Record<string, string>,
): Promise<void> {
  await waitUntilServiceWorkerControls(page);
  if (kept) await waitUntilStoredLocally(page, kept);
  app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
  await page.context().setOffline(true);
}
