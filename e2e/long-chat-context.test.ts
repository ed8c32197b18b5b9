import { describe, expect, test } from 'vitest';
import { message } from '../server/db/chat-schema.ts';
import { seedLongConversation } from '../server/testing/seed-rows.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { signedUpInBrowser, useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { lastAnswer, sendFromComposer } from './journeys.ts';

// Forty long messages: about 39,000 estimated tokens, more than the demo model’s 32,768 take.
const longMessages = 40;
const longText = (n: number) => `Long message ${n}. ${'A paragraph of earlier talk. '.repeat(100)}`;

describe.runIf(hasBrowser)('a chat longer than the model’s window', () => {
  const app = useAppInBrowser();

  test('keeps answering, and the answer says earlier messages were left out', async () => {
    const { context, page, userId } = await signedUpInBrowser(app, 'Talker');
    const { db } = app.server.database;
    await seedLongConversation(db, userId, 'long-talk', 2);
    await db.insert(message).values(
      Array.from({ length: longMessages }, (_, n) => ({
        id: `long-talk-long-${n}`,
        conversationId: 'long-talk',
        userId,
        role: n % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: longText(n),
        status: 'done' as const,
        model: n % 2 === 0 ? null : DEMO_MODEL_ID,
        order: 2 + n,
        createdAt: new Date(),
      })),
    );

    await page.goto(`${app.server.url}/c/long-talk`);
    await page.locator(`article[data-message-id="long-talk-long-${longMessages - 1}"]`).waitFor();
    // The earlier answers were given in full: none says anything was left out.
    expect(await page.getByText('Earlier messages were left out').count()).toBe(0);

    await sendFromComposer(page, 'Do you still follow?');
    const answer = lastAnswer(page);
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    const note = answer.getByText('Earlier messages were left out to fit this model');
    await expect.poll(() => note.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await answer.textContent()).toContain('Do you still follow?');
    await expectNoAxeViolations(page, 'an answer that left earlier messages out');
    await context.close();
  });
});
