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

// Installed in the page before its scripts: Replicache's database (`rep:…`) opens only when
// the test calls `__openStore()`, so the test sees what the page paints before its store is
// open. Replicache uses the request's handlers, `result` and `error`, which the stand-in
// forwards from the real request once it is made.
const holdTheStore = `
  const realOpen = IDBFactory.prototype.open;
  const held = [];
  let opened = false;
  window.__storeHeld = () => !opened && held.length > 0;
  window.__openStore = () => {
    opened = true;
    for (const open of held.splice(0)) open();
  };
  IDBFactory.prototype.open = function (name, version) {
    if (opened || !String(name).startsWith('rep:')) return realOpen.apply(this, arguments);
    const factory = this;
    let real;
    const request = {
      get result() { return real.result; },
      get error() { return real.error; },
      get readyState() { return real ? real.readyState : 'pending'; },
      onsuccess: null, onerror: null, onupgradeneeded: null, onblocked: null,
      addEventListener() { throw new Error('held open: only on… handlers are forwarded'); },
    };
    held.push(() => {
      real = version === undefined ? realOpen.call(factory, name) : realOpen.call(factory, name, version);
      for (const type of ['success', 'error', 'upgradeneeded', 'blocked']) {
        real.addEventListener(type, (event) => request['on' + type]?.call(request, event));
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
    await createAccount(page, app.server.url, newPerson('Keeper'));
    await sendFromComposer(page, 'Remember the lighthouse');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();

    await page.addInitScript(holdTheStore);
    await page.reload();
    await conversationLink(page, 'Remember the lighthouse').waitFor();
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
    await context.close();
  });
});
