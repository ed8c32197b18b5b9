import { describe, expect, test } from 'vitest';
import { startAppServer } from '../server/testing/app-server.ts';
import { startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { queueOffline, readOffline } from './app-journeys.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer, signOut } from './journeys.ts';
import { goOffline } from './offline-ready.ts';

describe.runIf(hasBrowser)('offline', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('a synced conversation opens and reads with no network, and the page says Offline', () =>
    readOffline(app));

  test(
    'messages sent offline wait as queued through a reload, then are each answered once and reach another device',
    () => queueOffline(app),
    90_000,
  );

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
      await goOffline(app, page, { id: 'meta-llama/llama-3.3-70b-instruct:free' });
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
