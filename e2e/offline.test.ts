import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../server/start-server.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { startAppServer } from './app-server.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
} from './journeys.ts';

describe.runIf(hasBrowser)('offline', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startAppServer({ DEMO_WORDS_PER_SECOND: '200' }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a synced conversation opens and reads with no network, and the page says Offline', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await createAccount(page, server.url, newPerson('Traveller'));
    await sendFromComposer(page, 'Pack the blue umbrella');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const conversationUrl = page.url();
    // The service worker must hold the shell before the network goes.
    await waitFor(
      async () =>
        (await page.evaluate('navigator.serviceWorker.controller !== null')) ? true : undefined,
      { what: 'the service worker to control the page' },
    );

    await context.setOffline(true);
    await page.goto(conversationUrl);
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await conversationLink(page, 'Pack the blue umbrella').waitFor();
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).textContent()).toContain('Pack the blue umbrella');
    expect(page.url()).not.toContain('/login');
    await context.close();
  });
});
