import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { anotherPersonSeesNothing } from './app-journeys.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import {
  conversationLink,
  createAccount,
  newPerson,
  signIn,
  submitNewAccount,
} from './journeys.ts';

describe.runIf(hasBrowser)('the local-first loop in a browser', () => {
  const app = useAppInBrowser();

  test('a new person creates an account, starts a chat and sees it listed; a second browser sees it appear live', async () => {
    const person = newPerson('Ada');
    const laptop = await (await app.newContext()).newPage();
    await createAccount(laptop, app.server.url, person);

    await laptop.getByRole('textbox', { name: 'Message' }).fill('Plan a picnic for Saturday');
    await laptop.getByRole('button', { name: 'Send' }).click();
    await conversationLink(laptop, 'Plan a picnic for Saturday').waitFor();
    expect(new URL(laptop.url()).pathname).toMatch(/^\/c\//);
    const answer = laptop.locator('article[data-role="assistant"][data-status="done"]');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Plan a picnic for Saturday');

    const phone = await (await app.newContext()).newPage();
    await signIn(phone, app.server.url, person);
    await conversationLink(phone, 'Plan a picnic for Saturday').waitFor();

    // A new chat on the laptop shows up on the phone without a reload.
    const phoneLoads: string[] = [];
    phone.on('framenavigated', (frame) => {
      if (frame === phone.mainFrame()) phoneLoads.push(frame.url());
    });
    await laptop.getByRole('button', { name: 'New chat' }).click();
    await laptop.getByRole('textbox', { name: 'Message' }).fill('Second thoughts about the menu');
    await laptop.getByRole('textbox', { name: 'Message' }).press('Enter');
    await conversationLink(laptop, 'Second thoughts about the menu').waitFor();
    await conversationLink(phone, 'Second thoughts about the menu').waitFor({ timeout: 5_000 });
    expect(phoneLoads).toEqual([]);
  });

  test('signing out returns to the sign-in page, and another person sees none of the first one’s chats, files or answers', () =>
    anotherPersonSeesNothing(app));

  test('while its scripts load, a first visit shows the name at once; a returning person sees a plain screen', async () => {
    const context = await app.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const entryScript = '**/assets/index-*.js';
    const holdScripts = async () => {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(entryScript, async (route) => {
        await released;
        await route.continue();
      });
      // Released, the route lets the script through; a later hold is a newer route, tried first.
      return release;
    };

    // Nothing is painted before the style sheet is in (it blocks rendering): judge the screen
    // with it, as a person would see it.
    // (Polled with evaluate: waitForFunction runs its predicate through eval, which the app's
    // Content-Security-Policy refuses.)
    const styled = () =>
      waitFor(async () =>
        (await page.evaluate('[...document.styleSheets].some((sheet) => sheet.href !== null)'))
          ? true
          : undefined,
      );

    // The signed-in app is not downloaded for the sign-in page: evaluating it blocks typing.
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });

    let releaseScripts = await holdScripts();
    await page.goto(`${app.server.url}/`, { waitUntil: 'commit' });
    await styled();
    await page.getByText('Parley', { exact: true }).waitFor();
    releaseScripts();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await expectNoAxeViolations(page, 'the sign-in page of a first visit');
    expect(scripts.filter((path) => path.includes('/signed-in-app-'))).toEqual([]);

    await createAccount(page, app.server.url, newPerson('Rita'));
    releaseScripts = await holdScripts();
    await page.reload({ waitUntil: 'commit' });
    const splash = page.locator('[aria-busy="true"]');
    await splash.waitFor({ state: 'attached' });
    await styled();
    expect(await splash.getByText('Parley').isVisible()).toBe(false);
    releaseScripts();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await context.close();
  });

  test('when part of the app cannot download, the page says so, and Reload brings the app', async () => {
    // No service worker, so the chunk comes from the network, where it is refused.
    const context = await app.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const signedInApp = '**/assets/signed-in-app-*.js';
    app.allowBrowserErrors('the download this test refuses', offlineRequestFailure);
    await page.route(signedInApp, (route) => route.abort('internetdisconnected'));
    await submitNewAccount(page, app.server.url, newPerson('Patchy'));
    await page.getByRole('alert').filter({ hasText: 'Parley could not load' }).waitFor();

    await page.unroute(signedInApp);
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await context.close();
  });
});
