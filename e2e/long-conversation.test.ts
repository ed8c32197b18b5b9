import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { user } from '../server/db/auth-schema.ts';
import { seedLongConversation } from '../server/testing/seed-rows.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';

const count = 2000;

describe.runIf(hasBrowser)('a long conversation', () => {
  const app = useAppInBrowser();

  test('2,000 messages open at the latest, scroll to the first and jump back, with few rows in the DOM', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const person = newPerson('Reader');
    await createAccount(page, app.server.url, person);
    const { db } = app.server.database;
    const [account] = await db
      .select({ id: user.id })
      .from(user)
      .where(eq(user.email, person.email));
    if (!account) throw new Error('the account was not created');
    await seedLongConversation(db, account.id, 'long-chat', count);

    await page.goto(`${app.server.url}/c/long-chat`);
    const message = (n: number) => page.locator(`article[data-message-id="long-chat-${n}"]`);
    await message(count - 1).waitFor();
    await expect.poll(() => message(count - 1).isVisible(), { timeout: 10_000 }).toBe(true);
    const mounted = await page.locator('article[data-message-id]').count();
    expect(mounted).toBeLessThanOrEqual(40);
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    expect(await jump.count()).toBe(0);

    // Page up with the keyboard until the very first message shows.
    const scroller = page.locator('.chat-scroll');
    await scroller.focus();
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Home');
          return message(0).isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await page.locator('article[data-message-id]').count()).toBeLessThanOrEqual(40);

    await jump.click();
    await expect.poll(() => message(count - 1).isVisible(), { timeout: 10_000 }).toBe(true);
    await jump.waitFor({ state: 'detached' });
    await context.close();
  });
});
