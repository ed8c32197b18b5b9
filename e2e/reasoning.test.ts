import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

// Forty steps of reasoning 150 ms apart (six seconds): long enough to reload in the middle of.
const steps = Array.from({ length: 40 }, (_, i) => `Step ${i}. `);
const answerChunks = ['Go ', 'to ', 'Lisbon.'];

const occurrences = (text: string, word: string) => text.split(word).length - 1;

describe.runIf(hasBrowser)('reasoning from a thinking model', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  const lastRequest = () => app.openRouter.requests.filter((request) => request.stream).at(-1);
  const reasoningOf = (page: Page) => lastAnswer(page).locator('details');
  const reasoningText = async (page: Page) =>
    (await reasoningOf(page)
      .textContent()
      .catch(() => null)) ?? '';

  test('reasoning streams into a folded "Reasoning", resumes after a reload, and keeps its duration', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Thinker'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('claude sonnet');
    await page.getByRole('button', { name: /^Anthropic: Claude Sonnet 4/ }).click();

    // The model can reason: the toggle is there, off until the person turns it on.
    const think = page.getByRole('button', { name: 'Think', exact: true });
    expect(await think.getAttribute('aria-pressed')).toBe('false');
    await think.click();
    await expect.poll(() => think.getAttribute('aria-pressed')).toBe('true');

    app.openRouter.script({ kind: 'text', reasoning: steps, chunks: answerChunks, delayMs: 150 });
    await sendFromComposer(page, 'Where should I travel?');
    await expect.poll(() => lastRequest()?.reasoning).toEqual({ enabled: true });

    // Live: open while the reasoning is all there is, above no answer text yet.
    const summary = reasoningOf(page).locator('summary');
    await expect.poll(() => summary.textContent()).toContain('Reasoning');
    await expect.poll(() => reasoningText(page)).toContain('Step 4.');
    expect(await reasoningOf(page).getAttribute('open')).not.toBeNull();
    expect(await page.getByText('Step 2.', { exact: false }).isVisible()).toBe(true);

    // A reload in the middle of the reasoning continues it: nothing lost, nothing doubled.
    expect(await reasoningText(page)).not.toContain('Step 30.');
    await page.reload();
    // Read again from the stream while the model is still reasoning, shown open.
    await expect
      .poll(async () => ({
        status: await lastAnswer(page).getAttribute('data-status'),
        open: (await reasoningOf(page).getAttribute('open')) !== null,
        shown: (await reasoningText(page)).includes('Step 3.'),
      }))
      .toEqual({ status: 'streaming', open: true, shown: true });
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
    const reasoning = await reasoningText(page);
    for (const step of steps) expect(occurrences(reasoning, step.trim())).toBe(1);

    // Done: folded away, with how long it took; the answer text is below it, and apart.
    await expect.poll(() => summary.textContent()).toMatch(/^Reasoning · [5-9] s$/);
    expect(await reasoningOf(page).getAttribute('open')).toBeNull();
    const answerText = lastAnswer(page).locator('.message-content');
    expect(await answerText.textContent()).toBe('Go to Lisbon.');
    await summary.click();
    expect(await page.getByText('Step 39.', { exact: false }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'an answer with its reasoning');

    // Kept with the message: after a reload, and offline.
    const answerId = (await lastAnswer(page).getAttribute('data-message-id')) ?? '';
    await waitUntilServiceWorkerControls(page);
    await waitUntilStoredLocally(page, { id: answerId, status: 'done' });
    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => summary.textContent()).toMatch(/^Reasoning · [5-9] s$/);
    expect(occurrences(await reasoningText(page), 'Step 39.')).toBe(1);
    await context.close();
  });

  test('with the toggle off the model is not asked to reason', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Direct'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('claude sonnet');
    await page.getByRole('button', { name: /^Anthropic: Claude Sonnet 4/ }).click();
    const think = page.getByRole('button', { name: 'Think', exact: true });
    expect(await think.getAttribute('aria-pressed')).toBe('false');

    app.openRouter.script({ kind: 'text', chunks: ['Straight ', 'answer.'] });
    await sendFromComposer(page, 'No thinking, please');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(lastRequest()?.reasoning).toBeUndefined();
    expect(await lastAnswer(page).locator('details').count()).toBe(0);

    // A model that cannot reason offers no toggle.
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    await page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();
    expect(await think.count()).toBe(0);
    await context.close();
  });
});
