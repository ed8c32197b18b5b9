import type { Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signIn,
} from './journeys.ts';
import { goOffline, waitUntilStoredLocally } from './offline-ready.ts';

describe.runIf(hasBrowser)('the conversation list', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('Ctrl+K searches titles and message text on the device, offline; Ctrl+Shift+O starts a new chat', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Searcher'));
    const answered = async () =>
      lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await sendFromComposer(page, 'Plan a picnic');
    await answered();
    await sendFromComposer(page, 'Remember to bring a watermelon');
    await answered();
    await page.getByRole('button', { name: 'New chat' }).click();
    await sendFromComposer(page, 'Monthly budget');
    await answered();
    // The last row written: once it is on disk, so is everything before it.
    await goOffline(app, page, { role: 'assistant', content: 'Monthly budget', status: 'done' });
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.press('Control+K');
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await expect
      .poll(() => search.evaluate((el) => el === el.ownerDocument.activeElement))
      .toBe(true);
    await page.keyboard.type('WATERMELON');
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await nav.getByText('Remember to bring a watermelon').waitFor();
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Plan a picnic']);
    await page.keyboard.type('s and kites');
    await nav.getByText('No conversation mentions').waitFor();
    await page.keyboard.press('Escape');
    await conversationLink(page, 'Monthly budget').waitFor();

    await conversationLink(page, 'Plan a picnic').click();
    await page.waitForURL(/\/c\//);
    // From the search box, a new chat is typed in its own message box.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+Shift+O');
    await page.waitForURL((url) => url.pathname === '/');
    await page.keyboard.type('Holiday');
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Message' }).inputValue())
      .toBe('Holiday');
    await context.close();
  });

  test('a conversation that reaches the device while the person is searching leaves them typing in the search box', async () => {
    const person = newPerson('Gardener');
    const phoneContext = await app.newContext();
    const phone = await phoneContext.newPage();
    await createAccount(phone, app.server.url, person);
    const laptopContext = await app.newContext();
    const laptop = await laptopContext.newPage();
    await signIn(laptop, app.server.url, person);
    // The laptop's sync waits (a slow network) while the phone starts a conversation.
    let holding = true;
    const held: Route[] = [];
    await laptop.route(/\/api\/replicache\/(pull|poke)/, (route) =>
      holding ? void held.push(route) : route.continue(),
    );
    await sendFromComposer(phone, 'Garden plans');
    await phone.waitForURL(/\/c\//);

    // The laptop opens its link before the conversation has reached it, and searches.
    await laptop.goto(phone.url());
    await laptop.getByRole('heading', { name: 'Conversation not found' }).waitFor();
    await laptop.keyboard.press('Control+K');
    await laptop.keyboard.type('Gard');
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    const composer = laptop.getByRole('textbox', { name: 'Message' });
    await composer.waitFor();

    // The conversation's message box appeared, and the typing still goes to the search.
    await laptop.keyboard.type('en');
    const search = laptop.getByRole('searchbox', { name: 'Search conversations' });
    await expect.poll(() => search.inputValue()).toBe('Garden');
    expect(await composer.inputValue()).toBe('');
    await conversationLink(laptop, 'Garden plans').waitFor();
    await Promise.all([phoneContext.close(), laptopContext.close()]);
  });

  test('a deleted conversation can be brought back with Undo, and is gone for good after', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Tidier'));
    await sendFromComposer(page, 'Old shopping list');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const link = conversationLink(page, 'Old shopping list');
    const deleteIt = async () => {
      await link.click();
      await page.getByRole('button', { name: 'Delete conversation' }).click();
    };

    await deleteIt();
    await link.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Deleted “Old shopping list”' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await link.waitFor();

    await deleteIt();
    const toast = page.getByRole('status').filter({ hasText: 'Deleted' });
    await toast.waitFor();
    await toast.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByText('Your chats will appear here.').waitFor();
    expect(await link.count()).toBe(0);
    await context.close();
  });

  test('a renamed conversation shows its new name; pinned, it stays at the top under Pinned on every device until unpinned', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const person = newPerson('Pinner');
    await createAccount(page, app.server.url, person);
    for (const text of ['Recipes to keep', 'Something newer']) {
      await page.getByRole('button', { name: 'New chat' }).click();
      await sendFromComposer(page, text);
      await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    }
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    const order = () => nav.getByRole('link').allTextContents();
    expect(await order()).toEqual(['Something newer', 'Recipes to keep']);

    // Renaming shows at once in the heading and the list.
    await conversationLink(page, 'Something newer').click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Something else');
    await page.getByRole('textbox', { name: 'Title' }).press('Enter');
    await page.getByRole('heading', { name: 'Something else', exact: true }).waitFor();
    await expect.poll(order).toEqual(['Something else', 'Recipes to keep']);

    await conversationLink(page, 'Recipes to keep').click();
    // Exact: the Account button's name holds the person's, "Account: Pinner".
    const pin = page.getByRole('button', { name: 'Pin', exact: true });
    await pin.click();
    await expect.poll(() => pin.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(order).toEqual(['Recipes to keep', 'Something else']);
    expect(await nav.getByRole('heading').allTextContents()).toEqual(['Pinned', 'Today']);

    // Another device sees it pinned, and unpinning there puts it back in its place.
    const otherContext = await app.newContext();
    const other = await otherContext.newPage();
    await signIn(other, app.server.url, person);
    await other.goto(page.url());
    await conversationLink(other, 'Recipes to keep').waitFor();
    const otherNav = other.getByRole('navigation', { name: 'Conversations' });
    await otherNav.getByRole('heading', { name: 'Pinned' }).waitFor();
    await other.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(order).toEqual(['Something else', 'Recipes to keep']);
    expect(await nav.getByRole('heading').allTextContents()).toEqual(['Today']);
    await Promise.all([context.close(), otherContext.close()]);
  });

  test('going back to a conversation shows what was written in it on another device meanwhile, once', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const person = newPerson('Returner');
    await createAccount(page, app.server.url, person);
    for (const text of ['Alpha question', 'Beta question']) {
      await page.getByRole('button', { name: 'New chat' }).click();
      await sendFromComposer(page, text);
      await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    }
    // Alpha was shown, so the page remembers it; then Beta is open while Alpha changes.
    await conversationLink(page, 'Alpha question').click();
    await page.locator('article[data-role="user"]', { hasText: 'Alpha question' }).waitFor();
    await conversationLink(page, 'Beta question').click();
    await page.locator('article[data-role="user"]', { hasText: 'Beta question' }).waitFor();

    const otherContext = await app.newContext();
    const other = await otherContext.newPage();
    await signIn(other, app.server.url, person);
    await conversationLink(other, 'Alpha question').click();
    await sendFromComposer(other, 'Added elsewhere');
    await lastAnswer(other).and(other.locator('[data-status="done"]')).waitFor();
    await waitUntilStoredLocally(page, { content: 'Added elsewhere', status: 'done' });

    await conversationLink(page, 'Alpha question').click();
    const userMessages = page.locator('article[data-role="user"]');
    await expect
      .poll(() => userMessages.allTextContents())
      .toEqual([
        expect.stringContaining('Alpha question'),
        expect.stringContaining('Added elsewhere'),
      ]);
    await expect.poll(() => page.locator('article[data-role="assistant"]').count()).toBe(2);

    // Back once more, unchanged this time and short enough to fit: it shows its end, so no
    // "Jump to latest" (nothing re-renders it after its first frame to take a wrong one away).
    await conversationLink(page, 'Beta question').click();
    await page.locator('article[data-role="user"]', { hasText: 'Beta question' }).waitFor();
    await conversationLink(page, 'Alpha question').click();
    await page.locator('article[data-role="user"]', { hasText: 'Added elsewhere' }).waitFor();
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await page.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);
    await Promise.all([context.close(), otherContext.close()]);
  });

  test('at midnight the list moves the conversations of the day from Today to Yesterday, with no reload', async () => {
    const context = await app.newContext();
    // The page's clock starts a minute before its midnight; the server keeps the real time,
    // which is earlier the same day.
    const midnight = new Date();
    midnight.setHours(24, 0, 0, 0);
    await context.clock.install({ time: midnight.getTime() - 60_000 });
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Nightowl'));
    await sendFromComposer(page, 'A late thought');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const headings = () =>
      page
        .getByRole('navigation', { name: 'Conversations' })
        .getByRole('heading')
        .allTextContents();
    await expect.poll(headings).toEqual(['Today']);

    await context.clock.fastForward('02:00');
    await expect.poll(headings).toEqual(['Yesterday']);
    await context.close();
  });

  test('Back and Forward move between pages, the open conversation is marked, and an unknown address says so', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Wanderer'));
    await sendFromComposer(page, 'First stop');
    await page.waitForURL(/\/c\//);
    const first = page.url();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await sendFromComposer(page, 'Second stop');
    await page.waitForURL((url) => url.pathname.startsWith('/c/') && url.href !== first);
    const marked = (title: string) => conversationLink(page, title).getAttribute('aria-current');
    await expect.poll(() => marked('Second stop')).toBe('page');
    expect(await marked('First stop')).toBeNull();

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.goBack();
    await page.waitForURL(first);
    await expect.poll(() => marked('First stop')).toBe('page');
    await page.goForward();
    await page.waitForURL((url) => url.pathname === '/');

    await page.goto(`${app.server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to your chats' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await conversationLink(page, 'First stop').waitFor();
    await context.close();
  });
});
