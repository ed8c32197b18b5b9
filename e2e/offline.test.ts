import { describe, expect, test } from 'vitest';
import { startAppServer } from '../server/testing/app-server.ts';
import { startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signIn,
  signOut,
} from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

describe.runIf(hasBrowser)('offline', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('a synced conversation opens and reads with no network, and the page says Offline', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Traveller'));
    await sendFromComposer(page, 'Pack the blue umbrella');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const conversationUrl = page.url();
    await waitUntilStoredLocally(page, {
      role: 'assistant',
      content: 'Pack the blue umbrella',
      status: 'done',
    });
    // The service worker must hold the shell before the network goes.
    await waitUntilServiceWorkerControls(page);

    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.goto(conversationUrl);
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await conversationLink(page, 'Pack the blue umbrella').waitFor();
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).textContent()).toContain('Pack the blue umbrella');
    expect(page.url()).not.toContain('/login');
    await context.close();
  });

  test('messages sent offline wait as queued through a reload, then are all answered and reach another device', async () => {
    const person = newPerson('Hiker');
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, person);
    await sendFromComposer(page, 'Trail plan');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await waitUntilServiceWorkerControls(page);

    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    const queued = ['Bring water', 'Check the weather', 'Book the hut'];
    await sendFromComposer(page, queued[0] as string);
    await sendFromComposer(page, queued[1] as string);
    await page.getByRole('button', { name: 'New chat' }).click();
    await sendFromComposer(page, queued[2] as string);
    for (const content of queued) {
      await waitUntilStoredLocally(page, { role: 'user', content, status: 'queued' });
    }

    // A reload with no network: the queue is still there, still queued.
    await page.reload();
    const queuedMessage = (content: string) =>
      page.locator('article[data-role="user"][data-status="queued"]', { hasText: content });
    await queuedMessage('Book the hut').waitFor();
    await conversationLink(page, 'Trail plan').click();
    await queuedMessage('Bring water').waitFor();
    await queuedMessage('Check the weather').waitFor();

    // Back online: each is pushed in order and answered.
    await context.setOffline(false);
    const answered = (target: typeof page, content: string) =>
      target
        .locator('article[data-role="assistant"][data-status="done"]', { hasText: content })
        .waitFor({ timeout: 20_000 });
    await answered(page, 'Bring water');
    await answered(page, 'Check the weather');
    const order = await page
      .locator('article[data-role="user"] .message-content')
      .allTextContents();
    expect(order.map((text) => text.trim())).toEqual([
      'Trail plan',
      'Bring water',
      'Check the weather',
    ]);
    await conversationLink(page, 'Book the hut').click();
    await answered(page, 'Book the hut');

    const phone = await (await app.newContext()).newPage();
    await signIn(phone, app.server.url, person);
    await conversationLink(phone, 'Trail plan').click();
    await answered(phone, 'Check the weather');
    await conversationLink(phone, 'Book the hut').click();
    await answered(phone, 'Book the hut');
    await context.close();
  }, 90_000);

  test('signing out deletes the conversations from this device, after warning about unsent messages', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Leaver'));
    await sendFromComposer(page, 'Secret plans');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const parleyDatabases = async () =>
      ((await page.evaluate('indexedDB.databases()')) as { name?: string }[])
        .map((db) => db.name ?? '')
        .filter((name) => name.includes('parley:'));
    expect(await parleyDatabases()).toHaveLength(1);

    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await sendFromComposer(page, 'Unsent thought');
    await page.locator('article[data-role="user"][data-status="queued"]').waitFor();

    // Warned, and keeping them: nothing changes.
    const warnings: string[] = [];
    page.once('dialog', (dialog) => {
      warnings.push(dialog.message());
      void dialog.dismiss();
    });
    await signOut(page);
    await waitFor(() => (warnings.length > 0 ? true : undefined), { what: 'the warning' });
    expect(warnings[0]).toMatch(/1 change made offline.*will be lost/);
    await page.locator('article[data-role="user"][data-status="queued"]').waitFor();

    // Warned, and going anyway: signed out, and this device no longer holds their data.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await waitFor(async () => ((await parleyDatabases()).length === 0 ? true : undefined), {
      what: "the person's local database to be deleted",
    });
    await context.close();
  });

  test('the model picker keeps its list offline', async () => {
    const openRouter = await startFakeOpenRouter();
    const server = await startAppServer({ OPENROUTER_BASE_URL: openRouter.baseUrl });
    const context = await app.newContext();
    try {
      const page = await context.newPage();
      await createAccount(page, server.url, newPerson('Picker'));
      const findLlama = async () => {
        await page.getByRole('button', { name: /^Model / }).click();
        await page.getByRole('searchbox', { name: 'Search models' }).fill('llama');
        await page
          .getByRole('button', { name: /^Meta: Llama 3\.3 70B Instruct \(free\)/ })
          .waitFor();
        await page.keyboard.press('Escape');
      };
      await findLlama();
      await waitUntilStoredLocally(page, { id: 'meta-llama/llama-3.3-70b-instruct:free' });
      await waitUntilServiceWorkerControls(page);

      app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
      await findLlama();
    } finally {
      await context.close();
      await server.close();
      await openRouter.close();
    }
  });
});
