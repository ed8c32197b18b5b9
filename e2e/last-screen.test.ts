import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signOut,
} from './journeys.ts';
import { waitUntilStoredLocally } from './offline-ready.ts';

// Installed in the page before its scripts: Replicache's database (`rep:…`) opens only when
// the test calls `__openStore()`, so the test sees what the page paints before its store is
// open. The stand-in request forwards the real one's events (to its handlers and listeners),
// `result` and `error` once the real one is made.
const holdTheStore = `
  const realOpen = IDBFactory.prototype.open;
  const held = [];
  let opened = false;
  window.__storeHeld = () => !opened && held.length > 0;
  window.__openStore = () => {
    opened = true;
    for (const open of held.splice(0)) open();
  };
  IDBFactory.prototype.open = function (...args) {
    if (opened || !String(args[0]).startsWith('rep:')) return realOpen.apply(this, args);
    let real;
    const request = Object.assign(new EventTarget(), {
      onsuccess: null, onerror: null, onupgradeneeded: null, onblocked: null,
    });
    Object.defineProperties(request, {
      result: { get: () => real.result },
      error: { get: () => real.error },
      transaction: { get: () => real.transaction },
      readyState: { get: () => (real ? real.readyState : 'pending') },
    });
    held.push(() => {
      real = realOpen.apply(this, args);
      for (const type of ['success', 'error', 'upgradeneeded', 'blocked']) {
        real.addEventListener(type, (event) => {
          request['on' + type]?.call(request, event);
          request.dispatchEvent(new Event(type));
        });
      }
    });
    return request;
  };
`;

describe.runIf(hasBrowser)('the last screen', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('a reload paints the list and the open conversation before the local store opens, and signing out forgets them', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await createAccount(page, app.server.url, newPerson('Keeper'));
    await sendFromComposer(page, 'Remember the lighthouse');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await conversationLink(page, 'Remember the lighthouse').waitFor();
    // On disk, not only in memory (Replicache writes about a second after a change): else the
    // store, once open, would start from before it until its first pull.
    await waitUntilStoredLocally(page, {
      role: 'assistant',
      content: 'Remember the lighthouse',
      status: 'done',
    });

    await page.addInitScript(holdTheStore);
    await page.reload();
    await conversationLink(page, 'Remember the lighthouse')
      .waitFor()
      .catch((error: unknown) => {
        throw new Error(`${error}\nErrors in the page: ${errors.join('\n') || 'none'}`);
      });
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).textContent()).toContain('Remember the lighthouse');
    // All of that without the store: it has been asked to open, and has not.
    expect(await page.evaluate('window.__storeHeld()')).toBe(true);

    // Once the store opens, it carries on from there: a new message is sent and answered.
    await page.evaluate('window.__openStore()');
    await sendFromComposer(page, 'And the harbour');
    await lastAnswer(page)
      .and(page.locator('[data-status="done"]'))
      .filter({ hasText: 'And the harbour' })
      .waitFor();

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('parley:last-screen')")).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
