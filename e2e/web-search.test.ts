import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

const answerChunks = ['Lisbon ', 'is ', 'sunny ', 'in ', 'May.', ' Pack ', 'light.'];
const weather = 'https://weather.example.com/lisbon';
const tourism = 'https://www.visitlisbon.example/packing';

describe.runIf(hasBrowser)('web search with sources', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  const lastRequest = () => app.openRouter.requests.filter((request) => request.stream).at(-1);
  const toggle = (page: Page) => page.getByRole('button', { name: 'Search the web' });
  const pressed = (page: Page) => toggle(page).getAttribute('aria-pressed');
  const sourcesOf = (page: Page) => lastAnswer(page).getByRole('region', { name: 'Sources' });
  // By address: the model titles both conversations alike.
  const linkTo = (page: Page, path: string) =>
    page.getByRole('navigation', { name: 'Conversations' }).locator(`a[href="${path}"]`);
  const openPath = (page: Page) => new URL(page.url()).pathname;

  async function chooseModel(page: Page) {
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    await page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();
  }

  /** The answer's sources as links, checked to open apart from the app; their names. */
  async function sourceLinks(page: Page): Promise<string[]> {
    const links = sourcesOf(page).getByRole('link');
    const names: string[] = [];
    for (const link of await links.all()) {
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      names.push((await link.textContent()) ?? '');
    }
    return names;
  }

  test('an answer that searched the web lists its sources, marks them in the text, and keeps them', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Searcher'));
    await chooseModel(page);

    // A new chat starts with the toggle off; pressed, it goes with the first message.
    expect(await pressed(page)).toBe('false');
    await toggle(page).click();
    await expect.poll(() => pressed(page)).toBe('true');
    app.openRouter.script({
      kind: 'text',
      chunks: answerChunks,
      delayMs: 20,
      citations: [
        { url: weather, title: 'Lisbon weather in May', start_index: 0, end_index: 23 },
        { url: tourism, title: 'What to pack', start_index: 24, end_index: 35 },
        { url: 'javascript:alert(document.cookie)', title: 'Click me' },
      ],
    });
    await sendFromComposer(page, 'What is the weather in Lisbon in May?');
    await expect.poll(() => lastRequest()?.plugins).toEqual([{ id: 'web' }]);
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();

    const expectSources = async () => {
      await sourcesOf(page).waitFor();
      const names = await sourceLinks(page);
      expect(names).toHaveLength(2);
      expect(names[0]).toMatch(/Lisbon weather in May.*weather\.example\.com/);
      expect(names[1]).toMatch(/What to pack.*visitlisbon\.example/);
      expect(
        await sourcesOf(page)
          .getByRole('link')
          .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
      ).toEqual([weather, tourism]);
      // Each cited span is followed by its number, linking to the page.
      const marker = lastAnswer(page).locator('.message-content sup a');
      await expect.poll(() => marker.allTextContents()).toEqual(['[1]', '[2]']);
      expect(await marker.first().getAttribute('href')).toBe(weather);
      expect(await lastAnswer(page).locator('.message-content').textContent()).toBe(
        'Lisbon is sunny in May.[1] Pack light.[2]',
      );
      // Nothing of the page that was not an address became a link.
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    };
    await expectSources();
    await expectNoAxeViolations(page, 'an answer with its sources');

    // The conversation remembers its toggle; the sources come back with the row after a reload.
    await expect.poll(() => pressed(page)).toBe('true');
    await page.reload();
    await expectSources();
    await expect.poll(() => pressed(page)).toBe('true');

    // Offline too: they are part of the message on the device.
    const answerId = (await lastAnswer(page).getAttribute('data-message-id')) ?? '';
    await waitUntilServiceWorkerControls(page);
    await waitUntilStoredLocally(page, { id: answerId, status: 'done' });
    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.reload();
    await expectSources();
    await context.setOffline(false);
    await context.close();
  });

  test('each conversation keeps its own toggle, and sends as it says', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Switcher'));
    await chooseModel(page);

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
