import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

/** Every console error of the page from now on, as text. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Resolves once the page has had `count` pull answers from now on. */
function pulls(page: Page, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    page.on('response', (response) => {
      if (!response.url().endsWith('/api/replicache/pull')) return;
      if (++seen === count) resolve();
    });
  });
}

describe.runIf(hasBrowser)('sync in the browser', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('pulls that find nothing new leave Replicache nothing to complain about in the console', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Quiet'));
    await sendFromComposer(page, 'Hello there');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();

    // A reload pulls as Replicache starts and again as the poke stream opens: the second
    // finds nothing new. So does a second tab of the same browser, a new client of its group.
    const errors = consoleErrors(page);
    const reloaded = pulls(page, 2);
    await page.reload();
    await reloaded;
    const tab = await context.newPage();
    const tabErrors = consoleErrors(tab);
    const tabPulled = pulls(tab, 2);
    await tab.goto(page.url());
    await tabPulled;
    await lastAnswer(tab).and(tab.locator('[data-status="done"]')).waitFor();

    const complaints = [...errors, ...tabErrors].filter((text) => text.includes('did not change'));
    expect(complaints).toEqual([]);
    await context.close();
  });
});
