import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

/** Sends a message and waits for its answer to finish. */
async function ask(page: Page, text: string) {
  const before = await page.locator('article[data-role="assistant"]').count();
  await sendFromComposer(page, text);
  await page.locator('article[data-role="assistant"]').nth(before).waitFor();
  await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
}

/** The text of every message on the page, in order. */
const transcript = (page: Page) => page.locator('article .message-content').allTextContents();

describe.runIf(hasBrowser)('branches', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('Branch off starts a conversation from an answer; the breadcrumb leads back and the parent lists the branch', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Brancher'));
    await ask(page, 'First question');
    await ask(page, 'Second question');
    const parentUrl = page.url();

    const firstAnswer = page.locator('article[data-role="assistant"]').first();
    await firstAnswer.getByRole('button', { name: 'Branch off' }).click();
    await page.waitForURL((url) => url.href !== parentUrl && url.pathname.startsWith('/c/'));
    const branchUrl = page.url();
    await expect.poll(() => transcript(page)).toEqual(['First question', 'First question']);

    // The branch goes its own way; the parent does not change.
    await ask(page, 'A different second question');
    expect(await transcript(page)).toEqual([
      'First question',
      'First question',
      'A different second question',
      'A different second question',
    ]);

    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await breadcrumb.getByText('Branched from').waitFor();
    await breadcrumb.getByRole('link', { name: 'First question' }).click();
    await page.waitForURL((url) => url.href.startsWith(parentUrl));
    await expect
      .poll(() => transcript(page))
      .toEqual(['First question', 'First question', 'Second question', 'Second question']);

    await firstAnswer
      .getByRole('navigation', { name: 'Branches from this message' })
      .getByRole('link', { name: /^Branch: First question/ })
      .click();
    await page.waitForURL(branchUrl);
    await expect.poll(() => transcript(page)).toContain('A different second question');
    await context.close();
  });

  test('Edit sends the changed message in a new branch, and both versions stay reachable', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Editor'));
    await ask(page, 'Plan a trip');
    await ask(page, 'to Porto');
    const parentUrl = page.url();
    const second = page.locator('article[data-role="user"]').nth(1);

    // Escape leaves the message as it was.
    await second.getByRole('button', { name: 'Edit' }).click();
    const box = page.getByRole('textbox', { name: 'Edit message' });
    expect(await box.inputValue()).toBe('to Porto');
    await box.press('Escape');
    await box.waitFor({ state: 'detached' });

    await second.getByRole('button', { name: 'Edit' }).click();
    await box.fill('to Lisbon');
    await box.press('Enter');
    await page.waitForURL((url) => url.href !== parentUrl && url.pathname.startsWith('/c/'));
    const editedUrl = page.url();
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await expect
      .poll(() => transcript(page))
      .toEqual(['Plan a trip', 'Plan a trip', 'to Lisbon', 'to Lisbon']);

    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await breadcrumb.getByText('Edited from').waitFor();
    await breadcrumb.getByRole('link', { name: 'Plan a trip' }).click();
    await page.waitForURL((url) => url.href.startsWith(parentUrl));
    await expect
      .poll(() => transcript(page))
      .toEqual(['Plan a trip', 'Plan a trip', 'to Porto', 'to Porto']);

    await second.getByRole('link', { name: /^Edited version: Plan a trip/ }).click();
    await page.waitForURL(editedUrl);
    await expect.poll(() => transcript(page)).toContain('to Lisbon');
    await context.close();
  });
});
