import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { message } from '../server/db/chat-schema.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

const hourMs = 60 * 60_000;
// Far from UTC, so that a time shown in UTC would not pass for the person's own.
const timezoneId = 'Pacific/Auckland';

describe.runIf(hasBrowser)('message limits on the operator’s key', () => {
  // The server's limits count by this clock: the hour ends when the test says so.
  let clock = Date.now();
  const app = useAppOnFakeOpenRouter(
    { OPENROUTER_API_KEY: 'sk-or-operator', RATE_LIMIT_MESSAGES_PER_HOUR: '1' },
    { now: () => clock },
  );

  const answerRow = async (id: string) => {
    const [row] = await app.server.database.db.select().from(message).where(eq(message.id, id));
    if (!row) throw new Error(`no answer ${id}`);
    return row;
  };

  test('limit reached and reset', async () => {
    const context = await app.newContext({ locale: 'en-GB', timezoneId });
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Limited'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    await page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();

    const firstAt = clock;
    await sendFromComposer(page, 'First on the operator key');
    await lastAnswer(page)
      .and(page.locator('[data-status="done"]'))
      .getByText('Hello from the fake.')
      .waitFor();

    await sendFromComposer(page, 'Second, past the limit');
    const refused = lastAnswer(page).and(page.locator('[data-status="error"]'));
    const resetsAt = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: timezoneId,
    }).format(Math.ceil((firstAt + hourMs) / 60_000) * 60_000);
    const explanation = new RegExp(
      `^You've reached the limit of 1 message an hour on this server's key\\. It resets (tomorrow )?at ${resetsAt}\\. Add your own key in Settings to keep going\\.$`,
    );
    const alert = refused.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(explanation);
    // Straight to where a key is added.
    expect(await alert.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe(
      '/settings?section=keys',
    );
    // What the person wrote stays, and OpenRouter was not asked.
    await page
      .locator('article[data-role="user"]')
      .last()
      .getByText('Second, past the limit')
      .waitFor();
    const asked = () =>
      app.openRouter.requests.some(
        (r) => r.stream && JSON.stringify(r.messages).includes('Second, past the limit'),
      );
    expect(asked()).toBe(false);

    // Retry before the reset: refused again, with the same explanation.
    const answerId = (await refused.getAttribute('data-message-id')) ?? '';
    const firstRun = (await answerRow(answerId)).runId;
    clock = firstAt + hourMs - 60_000;
    await refused.getByRole('button', { name: 'Retry' }).click();
    await waitFor(
      async () => {
        const row = await answerRow(answerId);
        return row.runId !== firstRun && row.status === 'error' ? row : undefined;
      },
      { what: 'the retry to be refused' },
    );
    await expect.poll(() => alert.textContent()).toMatch(explanation);
    expect(asked()).toBe(false);

    // Once the hour is over, Retry answers.
    clock = firstAt + hourMs;
    await refused.getByRole('button', { name: 'Retry' }).click();
    await lastAnswer(page)
      .and(page.locator('[data-status="done"]'))
      .getByText('Hello from the fake.')
      .waitFor();
    expect(asked()).toBe(true);
    await context.close();
  });
});
