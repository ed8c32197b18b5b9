import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ManyProcesses, startManyProcesses } from '../server/testing/many-processes.ts';
import { hasSharedStores } from '../server/testing/services.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { useBrowserErrorWatch } from './app-in-browser.ts';
import { waitForWords, wordsPrompt } from './app-journeys.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signIn,
} from './journeys.ts';

// Long enough to reload in the middle of, at 20 words per second (about 4 seconds).
const longPrompt = wordsPrompt(80);

const done = (page: Page) => lastAnswer(page).and(page.locator('[data-status="done"]'));

// Both decided before the suite: without them it is skipped loudly, or fails in CI.
const services = hasBrowser && hasSharedStores();

describe.runIf(services)('the app on three server processes behind a round-robin proxy', () => {
  const watch = useBrowserErrorWatch();
  let browser: Browser;
  let app: ManyProcesses;

  beforeAll(async () => {
    [browser, app] = await Promise.all([
      launchBrowser(),
      startManyProcesses({ DEMO_WORDS_PER_SECOND: '20' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    await watch.watch(context);
    return context.newPage();
  }

  /** How many processes served requests since `from` (an index into the proxy's record). */
  const processesSince = (from: number) =>
    new Set(app.proxy.routed.slice(from).map((r) => r.target)).size;

  test('two browsers of one person converge, whichever process each request reaches', async () => {
    const person = newPerson('Twofold');
    const laptop = await newPage();
    const phone = await newPage();
    const from = app.proxy.routed.length;
    await createAccount(laptop, app.url, person);
    await signIn(phone, app.url, person);

    await sendFromComposer(laptop, 'Hello from the laptop');
    await conversationLink(phone, 'Hello from the laptop').click();
    await done(phone).waitFor();
    expect(await lastAnswer(phone).textContent()).toContain('Hello from the laptop');

    await sendFromComposer(phone, 'And from the phone');
    await waitFor(
      async () =>
        ((await lastAnswer(laptop).textContent()) ?? '').includes('And from the phone') &&
        (await done(laptop).count()) > 0
          ? true
          : undefined,
      { timeoutMs: 15_000, what: 'the laptop to show the answer to the phone’s message' },
    );
    await laptop
      .locator('article[data-role="user"]')
      .filter({ hasText: 'And from the phone' })
      .waitFor();
    expect(processesSince(from)).toBe(3);
  });

  test('reloading in the middle of an answer resumes it with nothing lost or doubled', async () => {
    const page = await newPage();
    await createAccount(page, app.url, newPerson('Reloader'));
    await sendFromComposer(page, longPrompt);
    await waitForWords(page, 10);
    await page.reload();
    await waitForWords(page, 30);
    await done(page).waitFor({ timeout: 20_000 });
    const text = (await lastAnswer(page).textContent()) ?? '';
    expect(text).toContain(longPrompt);
    expect(text.split('word7 ').length - 1).toBe(1);
    expect(text.split('word79').length - 1).toBe(1);
  });
});
