import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { goOffline } from './offline-ready.ts';

describe.runIf(hasBrowser)('usage and cost', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  // The fake counts a request's prompt as its messages' JSON length over four.
  const promptTokensOf = (index: number) => {
    const request = app.openRouter.requests.filter((r) => r.stream)[index];
    if (!request) throw new Error(`no answer request ${index}`);
    return JSON.stringify(request.messages).length >> 2;
  };

  const doneAnswer = async (page: Page, count: number) => {
    const answers = page.locator('article[data-role="assistant"][data-status="done"]');
    await expect.poll(() => answers.count()).toBe(count);
    return lastAnswer(page);
  };

  test("each answer shows its tokens and cost, and Settings sums the month's per model", async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Counter'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    await page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();

    app.openRouter.script({
      kind: 'text',
      chunks: ['Tokens ', 'are ', 'counted.'],
      cost: 0.0021,
      reasoningTokens: 5,
      cachedTokens: 2,
    });
    await sendFromComposer(page, 'How much did that cost?');
    const first = (await doneAnswer(page, 1)).locator('[data-usage]');
    const firstTokens = promptTokensOf(0) + ('Tokens are counted.'.length >> 2);
    await expect.poll(() => first.textContent()).toMatch(/tokens · \$0\.0021/);
    expect(await first.textContent()).toContain(`${firstTokens.toLocaleString('en-US')} tokens`);
    expect(await first.getAttribute('title')).toBe(
      `${promptTokensOf(0).toLocaleString('en-US')} in (2 cached) · 4 out (5 reasoning)`,
    );

    app.openRouter.script({ kind: 'text', chunks: ['Less ', 'this time.'], cost: 0.0004 });
    await sendFromComposer(page, 'And this one?');
    const secondAnswer = await doneAnswer(page, 2);
    const secondId = await secondAnswer.getAttribute('data-message-id');
    const second = secondAnswer.locator('[data-usage]');
    await expect.poll(() => second.textContent()).toMatch(/tokens · \$0\.0004/);
    await expectNoAxeViolations(page, 'answers with their usage');

    await page.goto(`${app.server.url}/settings`);
    const usage = page.getByRole('region', { name: 'Usage' });
    const row = usage.getByRole('row', { name: /^OpenAI: GPT-4o-mini/ });
    const outputTokens = ('Tokens are counted.'.length >> 2) + ('Less this time.'.length >> 2);
    const cells = [
      '2',
      (promptTokensOf(0) + promptTokensOf(1)).toLocaleString('en-US'),
      String(outputTokens),
      '$0.0025',
    ];
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(cells);
    await expectNoAxeViolations(page, "settings with the month's usage");

    // Counted on the device: the same table offline, from the rows it keeps.
    await goOffline(app, page, { id: secondId ?? '', status: 'done' });
    await page.reload();
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(cells);
    await context.close();
  });

  test('in a long conversation the composer says roughly what sending costs in input', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Talker'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    await page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();

    app.openRouter.script({ kind: 'text', chunks: ['Short.'] });
    await sendFromComposer(page, 'A short question');
    await doneAnswer(page, 1);
    const estimate = page.locator('[data-input-estimate]');
    expect(await estimate.count()).toBe(0);

    // 48,000 characters in all, at four a token and $0.15 per million.
    app.openRouter.script({ kind: 'text', chunks: ['Short.'] });
    await sendFromComposer(page, 'x'.repeat(47_972));
    await doneAnswer(page, 2);
    await expect
      .poll(() => estimate.textContent())
      .toBe(
        'About 12,000 tokens of conversation are sent with each message: about $0.0018 of input on OpenAI: GPT-4o-mini.',
      );
    await expectNoAxeViolations(page, 'a long conversation with its input estimate');
    await context.close();
  });
});
