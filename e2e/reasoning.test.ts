import { describe, expect, test } from 'vitest';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { chooseModel, lastStreamedRequest, reasoningJourney } from './model-feature-journeys.ts';

describe.runIf(hasBrowser)('reasoning from a thinking model', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  test('reasoning streams into a folded "Reasoning", resumes after a reload, and keeps its duration', () =>
    reasoningJourney(app));

  test('with the toggle off the model is not asked to reason', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Direct'));
    await chooseModel(page, 'claude sonnet', /^Anthropic: Claude Sonnet 4/);
    const think = page.getByRole('button', { name: 'Think', exact: true });
    expect(await think.getAttribute('aria-pressed')).toBe('false');

    app.openRouter.script({ kind: 'text', chunks: ['Straight ', 'answer.'] });
    await sendFromComposer(page, 'No thinking, please');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(lastStreamedRequest(app)?.reasoning).toBeUndefined();
    expect(await lastAnswer(page).locator('details').count()).toBe(0);

    // A model that cannot reason offers no toggle.
    await chooseModel(page, 'gpt 4o mini', /^OpenAI: GPT-4o-mini/);
    expect(await think.count()).toBe(0);
    await context.close();
  });
});
