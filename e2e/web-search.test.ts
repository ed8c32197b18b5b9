import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import {
  chooseModel,
  lastStreamedRequest,
  webSearchJourney,
  webSearchToggle,
} from './model-feature-journeys.ts';

describe.runIf(hasBrowser)('web search with sources', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  const lastRequest = () => lastStreamedRequest(app);
  const toggle = webSearchToggle;
  const pressed = (page: Page) => toggle(page).getAttribute('aria-pressed');
  // By address: the model titles both conversations alike.
  const linkTo = (page: Page, path: string) =>
    page.getByRole('navigation', { name: 'Conversations' }).locator(`a[href="${path}"]`);
  const openPath = (page: Page) => new URL(page.url()).pathname;

  test('an answer that searched the web lists its sources, marks them in the text, and keeps them', () =>
    webSearchJourney(app));

  test('each conversation keeps its own toggle, and sends as it says', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Switcher'));
    await chooseModel(page, 'gpt 4o mini', /^OpenAI: GPT-4o-mini/);

    // One conversation with the web search, one without.
    await toggle(page).click();
    await expect.poll(() => pressed(page)).toBe('true');
    await sendFromComposer(page, 'Searching chat');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(lastRequest()?.plugins).toEqual([{ id: 'web' }]);
    const searching = openPath(page);

    await page.getByRole('button', { name: 'New chat' }).click();
    await expect.poll(() => pressed(page)).toBe('false');
    await sendFromComposer(page, 'Plain chat');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(lastRequest()?.plugins).toBeUndefined();
    await expect.poll(() => pressed(page)).toBe('false');
    const plain = openPath(page);
    expect(plain).not.toBe(searching);

    // Switching between them shows each one's own setting.
    await linkTo(page, searching).click();
    await expect.poll(() => openPath(page)).toBe(searching);
    await expect.poll(() => pressed(page)).toBe('true');
    await linkTo(page, plain).click();
    await expect.poll(() => openPath(page)).toBe(plain);
    await expect.poll(() => pressed(page)).toBe('false');

    // Turned on here, the next answer here searches, and the setting stays after a reload.
    await toggle(page).click();
    await expect.poll(() => pressed(page)).toBe('true');
    const before = app.openRouter.requests.length;
    await sendFromComposer(page, 'Now search');
    await expect
      .poll(() => app.openRouter.requests.slice(before).find((r) => r.stream)?.plugins)
      .toEqual([{ id: 'web' }]);
    await page.reload();
    await expect.poll(() => pressed(page)).toBe('true');
    await linkTo(page, searching).click();
    await expect.poll(() => openPath(page)).toBe(searching);
    await expect.poll(() => pressed(page)).toBe('true');
    await context.close();
  });
});
