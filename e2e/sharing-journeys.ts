import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { answerWith, type JourneyTarget } from './app-journeys.ts';
import { missingResource } from './browser-errors.ts';
import {
  conversationLink,
  createAccount,
  newPerson,
  sendFromComposer,
  signIn,
} from './journeys.ts';
import {
  goOffline,
  waitUntilServiceWorkerControls,
  waitUntilStoredLocally,
} from './offline-ready.ts';

export const shareDialog = (page: Page) => page.getByRole('dialog', { name: 'Share this chat' });
const shareLinkBox = (page: Page) => shareDialog(page).getByRole('textbox', { name: 'Share link' });

/** Opens the conversation's Share dialog and reads its link once one is there. */
export async function openShare(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await shareLinkBox(page).waitFor();
  return shareLinkBox(page).inputValue();
}

/**
 * A link from Share opens to a stranger with no account as the server's page, showing later
 * messages once it is set to; someone signed in, in the installed app, continues it in a new
 * conversation of their own; a stopped or unknown link opens nothing, as a 404.
 */
export async function shareLink(target: JourneyTarget) {
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Host'));
  await sendFromComposer(page, 'Plan the picnic');
  await answerWith(page, 'done').waitFor();
  const hostConversation = new URL(page.url()).pathname;
  const link = await openShare(page);
  await shareDialog(page).getByRole('button', { name: 'Done' }).click();

  // A stranger with no account reads what the snapshot holds, and has nothing to continue.
  const strangerContext = await target.newContext();
  const stranger = await strangerContext.newPage();
  expect((await stranger.goto(link))?.status()).toBe(200);
  const strangerSees = (text: string) =>
    stranger.locator('article[data-role="user"]', { hasText: text });
  await strangerSees('Plan the picnic').waitFor();
  await stranger
    .locator('article[data-role="assistant"]', { hasText: 'Plan the picnic' })
    .waitFor();
  expect(await stranger.getByRole('button', { name: 'Continue this chat' }).count()).toBe(0);

  // A later message shows only once the link shows later messages too.
  await sendFromComposer(page, 'Bring lemonade');
  await answerWith(page, 'done').waitFor();
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
  const guestContext = await target.newContext();
  const guest = await guestContext.newPage();
  await createAccount(guest, target.url, newPerson('Guest'));
  await waitUntilServiceWorkerControls(guest);
  await guest.goto(link);
  await guest.locator('article[data-role="user"]', { hasText: 'Bring lemonade' }).waitFor();
  await guest.getByRole('button', { name: 'Continue this chat' }).waitFor();
  expect(await guest.locator('#root').count()).toBe(0);

  // Continuing lands in a new conversation of the guest's own that holds the shared messages.
  await guest.getByRole('button', { name: 'Continue this chat' }).click();
  await guest.waitForURL(/\/c\/[^/]+$/);
  expect(new URL(guest.url()).pathname).not.toBe(hostConversation);
  await guest.locator('article[data-role="user"]', { hasText: 'Bring lemonade' }).waitFor();
  await guest.locator('article[data-role="user"]', { hasText: 'Plan the picnic' }).waitFor();
  await conversationLink(guest, 'Plan the picnic').waitFor();

  // Stopped, the link opens nothing; nor does one that never opened anything.
  await openShare(page);
  await shareDialog(page).getByRole('button', { name: 'Stop sharing' }).click();
  target.allowBrowserErrors('a stopped or unknown link answers 404', missingResource);
  await waitFor(
    async () => {
      await stranger.reload();
      return (await stranger.getByRole('heading', { name: 'This link opens nothing' }).count()) > 0
        ? true
        : undefined;
    },
    { what: 'the stopped link to open nothing' },
  );
  const unknown = await stranger.goto(
    `${target.url}/share/${randomBytes(16).toString('base64url')}`,
  );
  expect(unknown?.status()).toBe(404);
  await stranger.getByRole('heading', { name: 'This link opens nothing' }).waitFor();
}

const sharedLinks = (page: Page) =>
  page.getByRole('region', { name: 'Shared links' }).getByRole('listitem');

/** The text of the element that has the keyboard focus. */
const focused = (page: Page) =>
  page.evaluate('document.activeElement?.textContent ?? document.activeElement?.tagName');

/**
 * Share makes a link at once, to change and copy; Settings › Shared links lists it (on the
 * person's other device too, and offline) and stops it; sharing again offline makes a new link
 * that works once it has been sent.
 */
export async function shareDialogAndSharedLinks(target: JourneyTarget) {
  const person = newPerson('Sharer');
  const context = await target.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: target.url });
  const page = await context.newPage();
  await createAccount(page, target.url, person);
  await sendFromComposer(page, 'Plan the picnic');
  await answerWith(page, 'done').waitFor();
  const conversationUrl = page.url();

  // Opening Share makes the link at once: a snapshot that opens for 30 days.
  const link = await openShare(page);
  expect(link).toMatch(new RegExp(`^${target.url}/share/[A-Za-z0-9_-]{22}$`));
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
  await answerWith(page, 'done').waitFor();
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
  await page.goto(`${target.url}/settings?section=shared-links`);
  const listed = sharedLinks(page).filter({ hasText: link });
  await listed.getByText('Shows later messages too').waitFor();
  await listed.getByText(/Expires /).waitFor();
  await listed.getByRole('link', { name: 'Plan the picnic' }).waitFor();

  // The change reached the server: another device of theirs lists the same link.
  const otherContext = await target.newContext();
  const other = await otherContext.newPage();
  await signIn(other, target.url, person);
  await other.goto(`${target.url}/settings?section=shared-links`);
  await sharedLinks(other)
    .filter({ hasText: link })
    .getByText('Shows later messages too')
    .waitFor();

  // With no network the list still shows, read from this device.
  await goOffline(target, page, { token: link.split('/').at(-1) ?? '', mode: 'live' });
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  await sharedLinks(page).filter({ hasText: link }).getByText('Shows later messages too').waitFor();
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
}
