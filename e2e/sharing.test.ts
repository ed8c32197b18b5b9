import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { openShare, shareDialog, shareLink } from './app-journeys.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signIn,
} from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

const sharedLinks = (page: Page) =>
  page.getByRole('region', { name: 'Shared links' }).getByRole('listitem');

/** The text of the element that has the keyboard focus. */
const focused = (page: Page) =>
  page.evaluate('document.activeElement?.textContent ?? document.activeElement?.tagName');

describe.runIf(hasBrowser)('sharing a chat', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('Share makes a link to change and copy; Settings lists it, offline too, and stops it', async () => {
    const person = newPerson('Sharer');
    const context = await app.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: app.server.url,
    });
    const page = await context.newPage();
    await createAccount(page, app.server.url, person);
    await sendFromComposer(page, 'Plan the picnic');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const conversationUrl = page.url();

    // Opening Share makes the link at once: a snapshot that opens for 30 days.
    const link = await openShare(page);
    expect(link).toMatch(new RegExp(`^${app.server.url}/share/[A-Za-z0-9_-]{22}$`));
    const dialog = shareDialog(page);
    expect(await dialog.getByLabel('Link expires').inputValue()).toBe('30 days');
    expect(await dialog.getByRole('radio', { name: 'Messages up to now' }).isChecked()).toBe(true);
    await expectNoAxeViolations(page, 'the Share dialog');

    // Escape closes it and gives the focus back to Share; opening it again shows the same link.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('Share');
    expect(await openShare(page)).toBe(link);

    // A snapshot leaves out what is sent after it, until it is set to show up to now.
    await dialog.getByRole('button', { name: 'Done' }).click();
    await sendFromComposer(page, 'Bring lemonade');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await openShare(page);
    const later = dialog.getByText('Messages sent since the link was set are not shown.');
    await later.waitFor();
    await dialog.getByRole('button', { name: 'Show messages up to now' }).click();
    await later.waitFor({ state: 'detached' });

    // The clipboard answers only a focused page; parallel suites may have taken the focus.
    await page.bringToFront();
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByText('Copied').waitFor();
    await waitFor(async () =>
      (await page.evaluate('navigator.clipboard.readText()').catch(() => null)) === link
        ? true
        : undefined,
    );

    await dialog.getByLabel('Link expires').selectOption('7 days');
    await dialog.getByRole('radio', { name: 'Later messages too' }).check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Settings › Shared links lists it with its conversation, what it shows and its expiry.
    await page.goto(`${app.server.url}/settings?section=shared-links`);
    const listed = sharedLinks(page).filter({ hasText: link });
    await listed.getByText('Shows later messages too').waitFor();
    await listed.getByText(/Expires /).waitFor();
    await listed.getByRole('link', { name: 'Plan the picnic' }).waitFor();

    // The change reached the server: another device of theirs lists the same link.
    const otherContext = await app.newContext();
    const other = await otherContext.newPage();
    await signIn(other, app.server.url, person);
    await other.goto(`${app.server.url}/settings?section=shared-links`);
    await sharedLinks(other)
      .filter({ hasText: link })
      .getByText('Shows later messages too')
      .waitFor();

    // With no network the list still shows, read from this device.
    await waitUntilStoredLocally(page, { token: link.split('/').at(-1) ?? '', mode: 'live' });
    await waitUntilServiceWorkerControls(page);
    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await sharedLinks(page)
      .filter({ hasText: link })
      .getByText('Shows later messages too')
      .waitFor();
    await context.setOffline(false);

    // Stopping it from Settings removes it here and on the other device.
    await page.getByRole('button', { name: 'Stop sharing Plan the picnic', exact: true }).click();
    await page.getByText('You have not shared any chats').waitFor();
    await other.getByText('You have not shared any chats').waitFor();

    // Share again, offline, makes a new link at once: it works once it has been sent, and
    // reaches the other device when this one is back online.
    // Within the page: a reload this soon could start from before the stop was written to disk.
    await context.setOffline(true);
    await conversationLink(page, 'Plan the picnic').click();
    await page.waitForURL(conversationUrl);
    const renewed = await openShare(page);
    expect(renewed).not.toBe(link);
    await shareDialog(page).getByText('the link works once this device is back online').waitFor();
    await context.setOffline(false);
    await sharedLinks(other).filter({ hasText: renewed }).waitFor();
    await context.close();
    await otherContext.close();
  });

  test('Anyone with the link reads the chat, someone signed in is offered to continue it, and a stopped link opens nothing', () =>
    shareLink(app));

  test('offline, a shared chat’s link says it needs a connection instead of opening the app', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Commuter'));
    await waitUntilServiceWorkerControls(page);

    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.goto(`${app.server.url}/share/AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('heading', { name: 'This shared chat needs a connection' }).waitFor();
    expect(await page.locator('#root').count()).toBe(0);
    await expectNoAxeViolations(page, 'a shared chat offline');
    await context.close();
  });
});
