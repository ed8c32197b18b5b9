import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';
import { goOffline } from './offline-ready.ts';
import { shareDialogAndSharedLinks, shareLink } from './sharing-journeys.ts';

describe.runIf(hasBrowser)('sharing a chat', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('Share makes a link to change and copy; Settings lists it, offline too, and stops it', () =>
    shareDialogAndSharedLinks(app));

  test('Anyone with the link reads the chat, someone signed in is offered to continue it, and a stopped link opens nothing', () =>
    shareLink(app));

  test('offline, a shared chat’s link says it needs a connection instead of opening the app', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Commuter'));
    await goOffline(app, page);
    await page.goto(`${app.server.url}/share/AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('heading', { name: 'This shared chat needs a connection' }).waitFor();
    expect(await page.locator('#root').count()).toBe(0);
    await expectNoAxeViolations(page, 'a shared chat offline');
    await context.close();
  });
});
