import { and, desc, eq } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { message } from '../server/db/chat-schema.ts';
import { seedLongConversation } from '../server/testing/seed-rows.ts';
import { signedUpInBrowser, useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { sendFromComposer } from './journeys.ts';

const count = 2000;

describe.runIf(hasBrowser)('a long conversation', () => {
  const app = useAppInBrowser();

  /** A new person in a browser, with a finished conversation `id` of `messages` seeded for them. */
  async function personWithConversation(name: string, id: string, messages: number) {
    const { context, page, userId } = await signedUpInBrowser(app, name);
    await seedLongConversation(app.server.database.db, userId, id, messages);
    return { context, page, userId };
  }

  test('2,000 messages open at the latest, scroll to the first and jump back, with few rows in the DOM', async () => {
    const { context, page } = await personWithConversation('Reader', 'long-chat', count);

    await page.goto(`${app.server.url}/c/long-chat`);
    const article = (n: number) => page.locator(`article[data-message-id="long-chat-${n}"]`);
    await article(count - 1).waitFor();
    await expect.poll(() => article(count - 1).isVisible(), { timeout: 10_000 }).toBe(true);
    const mounted = await page.locator('article[data-message-id]').count();
    expect(mounted).toBeLessThanOrEqual(40);
    // Rows measured as they mount can leave the end a frame or two below the view on a busy
    // machine (and Jump to latest showing meanwhile); settled at the end, it offers no jump.
    const scroller = page.locator('.chat-scroll');
    await expect
      .poll(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(80);
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await expect.poll(() => jump.count()).toBe(0);

    // Page up with the keyboard until the very first message shows.
    await scroller.focus();
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Home');
          return article(0).isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await page.locator('article[data-message-id]').count()).toBeLessThanOrEqual(40);

    await jump.click();
    await expect.poll(() => article(count - 1).isVisible(), { timeout: 10_000 }).toBe(true);
    await jump.waitFor({ state: 'detached' });
    await context.close();
  });

  // A list's first paint mounts only the rows in view, guessed at 120 px each until measured;
  // these rows are about half that, so the guess alone would leave the top of the view empty.
  test.each(['opened by its address', 'opened from the list after another'])(
    'a conversation seen for the first time fills the view in its first painted frame (%s)',
    async (opening) => {
      const byAddress = opening === 'opened by its address';
      const id = byAddress ? 'short-chat' : 'short-after-chat';
      const { context, page, userId } = await personWithConversation('Opener', id, 60);
      const watch = firstFrameWith(`article[data-message-id="${id}-59"]`);
      if (byAddress) {
        await page.addInitScript(watch);
        await page.goto(`${app.server.url}/c/${id}`);
      } else {
        await seedLongConversation(app.server.database.db, userId, 'first-chat', 4);
        await page.goto(`${app.server.url}/c/first-chat`);
        await page.locator('article[data-message-id="first-chat-3"]').waitFor();
        await page.evaluate(watch);
        await page.locator(`nav[aria-label="Conversations"] a[href="/c/${id}"]`).click();
      }
      const frame = (await page.evaluate('window.__firstFrame')) as FirstFrame;
      expect(frame.rows).toBeGreaterThan(1);
      expect(frame.emptyAboveRows).toBeLessThanOrEqual(0);
      expect(frame.lastInView).toBe(true);
      await context.close();
    },
  );

  // Opened from the list after another conversation, the list starts where the last one's end
  // was (see MessageList's lastViewport); opened by its address, it measures first.
  test.each(['opened by its address', 'opened from the list after another'])(
    'a streaming answer is followed at the bottom, but not once the person scrolled up to read (%s)',
    async (opening) => {
      const byAddress = opening === 'opened by its address';
      const id = byAddress ? 'follow-chat' : 'follow-after-chat';
      const { context, page, userId } = await personWithConversation('Follower', id, 60);
      const { db } = app.server.database;
      if (byAddress) {
        await page.goto(`${app.server.url}/c/${id}`);
      } else {
        await seedLongConversation(db, userId, 'before-chat', 6);
        await page.goto(`${app.server.url}/c/before-chat`);
        await page.locator('article[data-message-id="before-chat-5"]').waitFor();
        await page.locator(`nav[aria-label="Conversations"] a[href="/c/${id}"]`).click();
      }
      await page.locator(`article[data-message-id="${id}-59"]`).waitFor();

      const scroller = page.locator('.chat-scroll');
      const distanceFromEnd = () =>
        scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
      const answer = page.locator('article[data-role="assistant"]').last();
      const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
      await sendFromComposer(page, words);
      await answer.getByText(/w40 /).waitFor();
      expect(await distanceFromEnd()).toBeLessThan(80);
      await answer.getByText(/w80 /).waitFor();
      expect(await distanceFromEnd()).toBeLessThan(80);

      // Reading further up: the answer goes on below (and out of the DOM), the view stays put.
      // Rows measured for the first time there may move scrollTop (rows above the view keep
      // what is in view still), so what is compared is what the person sees.
      await scroller.evaluate((el) => {
        el.scrollTop = 200;
      });
      const jump = page.getByRole('button', { name: 'Jump to latest' });
      await jump.waitFor();
      let reading = await topOfView(scroller);
      await expect
        .poll(async () => {
          const [before, now] = [reading, await topOfView(scroller)];
          reading = now;
          return now === before;
        })
        .toBe(true);
      expect(reading).toMatch(new RegExp(`^${id}-[0-5]@`));
      await expect
        .poll(
          async () => {
            const answers = await db
              .select({ status: message.status })
              .from(message)
              .where(and(eq(message.conversationId, id), eq(message.role, 'assistant')))
              .orderBy(desc(message.order))
              .limit(1);
            return answers[0]?.status;
          },
          { timeout: 30_000 },
        )
        .toBe('done');
      expect(await topOfView(scroller)).toBe(reading);

      await jump.click();
      await expect.poll(distanceFromEnd).toBeLessThan(80);
      await jump.waitFor({ state: 'detached' });
      await answer.getByText(/w399/).waitFor();
      await context.close();
    },
  );
});

type FirstFrame = { rows: number; emptyAboveRows: number; lastInView: boolean };

/**
 * A script that sets `window.__firstFrame` to a promise of what the first frame holding `last`
 * shows, read in that frame's animation callback (after the app's work, before the paint): the
 * rows mounted, how far below the scroller's top the highest one starts (above 0: an empty
 * band), and whether `last` is inside the view.
 */
function firstFrameWith(last: string): string {
  // As an expression whose value is not the promise: evaluating it must not wait for the frame.
  return `void (window.__firstFrame = new Promise((resolve) => {
    const read = () => {
      const scroller = document.querySelector('.chat-scroll').getBoundingClientRect();
      const rows = [...document.querySelectorAll('.chat-scroll article[data-message-id]')];
      const tops = rows.map((row) => row.getBoundingClientRect().top);
      const box = document.querySelector(${JSON.stringify(last)}).getBoundingClientRect();
      resolve({
        rows: rows.length,
        emptyAboveRows: Math.min(...tops) - scroller.top,
        lastInView: box.top >= scroller.top && box.bottom <= scroller.bottom + 1,
      });
    };
    const observer = new MutationObserver(() => {
      if (!document.querySelector(${JSON.stringify(last)})) return;
      observer.disconnect();
      requestAnimationFrame(read);
    });
    observer.observe(document, { subtree: true, childList: true });
  }));`;
}

/**
 * The first message showing at the top of the scroller and how far its top is from the
 * scroller's, as `id@px`, read after the next two frames so a render in progress has painted.
 */
async function topOfView(scroller: Locator): Promise<string> {
  await scroller.page().evaluate(nextFrames);
  return scroller.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const first = [...el.querySelectorAll('article[data-message-id]')].find(
      (article) => article.getBoundingClientRect().bottom > top,
    );
    if (!first) return 'nothing';
    const offset = Math.round(first.getBoundingClientRect().top - top);
    return `${first.getAttribute('data-message-id')}@${offset}`;
  });
}

/** Resolves in the page after two animation frames (the e2e code is typed without the DOM). */
const nextFrames =
  'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))';
