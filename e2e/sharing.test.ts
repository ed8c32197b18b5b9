import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
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
} from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

const shareDialog = (page: Page) => page.getByRole('dialog', { name: 'Share this chat' });
const shareLink = (page: Page) => shareDialog(page).getByRole('textbox', { name: 'Share link' });
const sharedLinks = (page: Page) =>
  page.getByRole('region', { name: 'Shared links' }).getByRole('listitem');

/** Opens the conversation's Share dialog and reads its link once one is there. */
async function openShare(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await shareLink(page).waitFor();
  return shareLink(page).inputValue();
}

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

  test('Anyone with the link reads the chat, someone signed in is offered to continue it, and a stopped link opens nothing', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Host'));
    await sendFromComposer(page, 'Plan the picnic');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const link = await openShare(page);
    await shareDialog(page).getByRole('button', { name: 'Done' }).click();

    // A stranger with no account reads what the snapshot holds, and has nothing to continue.
    const strangerContext = await app.newContext();
    const stranger = await strangerContext.newPage();
    await stranger.goto(link);
    const strangerSees = (text: string) =>
      stranger.locator('article[data-role="user"]', { hasText: text });
    await strangerSees('Plan the picnic').waitFor();
    await stranger
      .locator('article[data-role="assistant"]', { hasText: 'Plan the picnic' })
      .waitFor();
    expect(await stranger.getByRole('button', { name: 'Continue this chat' }).count()).toBe(0);

    // A later message shows only once the link shows later messages too.
    await sendFromComposer(page, 'Bring lemonade');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await waitUntilStoredLocally(page, { content: 'Bring lemonade', status: 'done' });
    await stranger.reload();
    await strangerSees('Plan the picnic').waitFor();
    expect(await strangerSees('Bring lemonade').count()).toBe(0);
    await openShare(page);
    await shareDialog(page).getByRole('radio', { name: 'Later messages too' }).check();
    await shareDialog(page).getByRole('button', { name: 'Done' }).click();
    await waitFor(
      async () => {
        await stranger.reload();
        return (await strangerSees('Bring lemonade').count()) > 0 ? true : undefined;
      },
      { what: 'the stranger to see the later message' },
    );

    // Someone signed in, in the installed app (whose service worker leaves shared pages to the
    // server), is offered to continue it.
    const guestContext = await app.newContext();
    const guest = await guestContext.newPage();
    await createAccount(guest, app.server.url, newPerson('Guest'));
    await waitUntilServiceWorkerControls(guest);
    await guest.goto(link);
    await guest.locator('article[data-role="user"]', { hasText: 'Bring lemonade' }).waitFor();
    await guest.getByRole('button', { name: 'Continue this chat' }).waitFor();
    expect(await guest.locator('#root').count()).toBe(0);

    // Continuing lands in a conversation of the guest's own that holds the shared messages.
    await guest.getByRole('button', { name: 'Continue this chat' }).click();
    await guest.waitForURL(/\/c\/[^/]+$/);
    await guest.locator('article[data-role="user"]', { hasText: 'Bring lemonade' }).waitFor();
    await guest.locator('article[data-role="user"]', { hasText: 'Plan the picnic' }).waitFor();
    await guest
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link')
      .first()
      .waitFor();

    // Stopped, the link opens nothing.
    await openShare(page);
    await shareDialog(page).getByRole('button', { name: 'Stop sharing' }).click();
    app.allowBrowserErrors('a stopped link answers 404', /status of 404/);
    await waitFor(
      async () => {
        await stranger.reload();
        return (await stranger.getByRole('heading', { name: 'This link opens nothing' }).count()) >
          0
          ? true
          : undefined;
      },
      { what: 'the stopped link to open nothing' },
    );
  });

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
