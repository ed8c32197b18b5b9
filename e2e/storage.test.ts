import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
} from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

describe.runIf(hasBrowser)('storage on the device', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('settings say how much the device holds', async () => {
    const page = await (await app.newContext()).newPage();
    await createAccount(page, app.server.url, newPerson('Counter'));
    await page.goto(`${app.server.url}/settings`);
    const section = page.getByRole('region', { name: 'Storage on this device' });
    await section.getByText(/used of .* available to Parley/).waitFor();
    expect(await section.textContent()).toMatch(/\d+(\.\d)? (bytes|kB|MB|GB) used of \d/);
    await page.context().close();
  });

  test('a full disk is said plainly, and what was stored before stays', async () => {
    const context = await app.newContext();
    // Stands in for a full disk (Chromium's quota override spares databases that already
    // exist): once switched on, every IndexedDB write fails as a full disk makes it fail.
    await context.addInitScript(`
      for (const method of ['put', 'add']) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (...args) {
          if (localStorage.getItem('test:disk-full') === 'yes') {
            throw new DOMException('The disk is full.', 'QuotaExceededError');
          }
          return original.apply(this, args);
        };
      }
    `);
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Hoarder'));
    await sendFromComposer(page, 'Kept safely');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await waitUntilStoredLocally(page, {
      role: 'assistant',
      content: 'Kept safely',
      status: 'done',
    });
    await waitUntilServiceWorkerControls(page);

    app.allowBrowserErrors(
      'the local store failing to write to a full disk',
      /Error during persist \{"name":"QuotaExceededError","message":"The disk is full\."\}$/,
    );
    await page.evaluate("localStorage.setItem('test:disk-full', 'yes')");
    await page.getByRole('button', { name: 'New chat' }).click();
    await sendFromComposer(page, 'One more thing');
    await page.getByRole('alert').filter({ hasText: 'out of storage' }).waitFor();

    // Room again, and no network: what was stored before the disk filled is all there.
    await page.evaluate("localStorage.removeItem('test:disk-full')");
    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.reload();
    await conversationLink(page, 'Kept safely').click();
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).textContent()).toContain('Kept safely');
    await context.close();
  });
});
