import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { readZip } from '../server/testing/read-zip.ts';
import { expectNoAxeViolations } from './accessibility.ts';
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

// What Chromium logs for each request a signed-out or refused browser makes.
const refused = (status: string) =>
  new RegExp(`^Failed to load resource: the server responded with a status of ${status}$`);

/** The names of the IndexedDB databases of the page's origin that hold Parley's data. */
const parleyDatabases = async (page: Page) =>
  (
    (await page.evaluate(
      'indexedDB.databases().then((all) => all.map((db) => db.name))',
    )) as string[]
  )
    .filter((name) => name.includes('parley'))
    .sort();

const openSettings = async (page: Page, baseUrl: string) => {
  await page.goto(`${baseUrl}/settings`);
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
};

const askAndWait = async (page: Page, text: string) => {
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendFromComposer(page, text);
  await lastAnswer(page).and(page.locator('[data-status="done"]')).getByText(text).waitFor();
};

describe.runIf(hasBrowser)('your account', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('delete account on one device signs out the other', async () => {
    const person = newPerson('Leaving');
    const laptop = await (await app.newContext()).newPage();
    const phone = await (await app.newContext()).newPage();
    await createAccount(laptop, app.server.url, person);
    await askAndWait(laptop, 'Something to delete');
    await signIn(phone, app.server.url, person);
    await conversationLink(phone, 'Something to delete').waitFor();
    expect(await parleyDatabases(phone)).not.toEqual([]);

    app.allowBrowserErrors(
      'requests of a session that has ended',
      refused('401 \\(Unauthorized\\)'),
    );
    await openSettings(laptop, app.server.url);
    await laptop.getByRole('button', { name: 'Delete account' }).click();
    const dialog = laptop.getByRole('dialog');
    await dialog.getByLabel('Your password').fill('not my password at all');
    app.allowBrowserErrors('the wrong password tried first', refused('403 \\(Forbidden\\)'));
    await dialog.getByRole('button', { name: /Delete/ }).click();
    await dialog.getByRole('alert').getByText('That password is not right.').waitFor();
    await expectNoAxeViolations(laptop, 'the dialog that deletes an account');

    await dialog.getByLabel('Your password').fill(person.password);
    await dialog.getByRole('button', { name: /Delete/ }).click();
    await laptop.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(new URL(laptop.url()).pathname).toBe('/login');

    // The phone hears of it without anyone touching it, and keeps nothing.
    await phone.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(new URL(phone.url()).pathname).toBe('/login');
    for (const page of [laptop, phone]) {
      await expect.poll(() => parleyDatabases(page)).toEqual([]);
      expect(await page.evaluate("localStorage.getItem('parley:last-user')")).toBeNull();
      expect(await page.evaluate("localStorage.getItem('parley:last-screen')")).toBeNull();
    }
    // And the account is gone: its password signs in nowhere.
    await phone.getByLabel('Email').fill(person.email);
    await phone.getByLabel('Password').fill(person.password);
    await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
    await phone.getByRole('alert').getByText('Invalid email or password').waitFor();
  });

  test('signing out everywhere else signs the other device out and clears it, and keeps this one', async () => {
    const person = newPerson('Cautious');
    const laptop = await (await app.newContext()).newPage();
    const phone = await (await app.newContext()).newPage();
    await createAccount(laptop, app.server.url, person);
    await askAndWait(laptop, 'Seen on both');
    await signIn(phone, app.server.url, person);
    await conversationLink(phone, 'Seen on both').waitFor();

    app.allowBrowserErrors(
      'requests of a session that has ended',
      refused('401 \\(Unauthorized\\)'),
    );
    await openSettings(laptop, app.server.url);
    await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await laptop.getByText('Every other browser and device is signed out.').waitFor();

    await phone.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await expect.poll(() => parleyDatabases(phone)).toEqual([]);
    // This one goes on: its conversation is still there and still syncs.
    await askAndWait(laptop, 'Still signed in here');
    expect(await parleyDatabases(laptop)).not.toEqual([]);
  });

  test('the export downloads as a zip, showing its progress, with a Markdown file per conversation', async () => {
    const page = await (await app.newContext({ acceptDownloads: true })).newPage();
    await createAccount(page, app.server.url, newPerson('Keeper'));
    await askAndWait(page, 'First thing to keep');
    await askAndWait(page, 'Second thing to keep');

    await openSettings(page, app.server.url);
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export my data' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^parley-export-\d{4}-\d{2}-\d{2}\.zip$/);
    await page
      .getByText(/^Export saved: [\d.]+ (bytes|kB) received, 2 of 2 conversations\.$/)
      .waitFor();

    const files = readZip(readFileSync(await download.path()));
    const markdown = files.filter((file) => file.name.endsWith('.md'));
    expect(markdown.map((file) => file.text.split('\n')[0]).sort()).toEqual([
      '# First thing to keep',
      '# Second thing to keep',
    ]);
    expect(files.map((file) => file.name)).toContain('account.json');
  });

  test('a new password must follow the rule, and then replaces the old one', async () => {
    const person = newPerson('Changer');
    const page = await (await app.newContext()).newPage();
    await createAccount(page, app.server.url, person);
    await openSettings(page, app.server.url);

    const current = page.getByLabel('Current password');
    const next = page.getByLabel('New password');
    const change = page.getByRole('button', { name: 'Change password' });
    await current.fill(person.password);
    await next.fill('short one');
    await change.click();
    await page.getByRole('alert').getByText('A password needs at least 10 characters.').waitFor();
    await next.fill('basketball');
    await change.click();
    await page
      .getByRole('alert')
      .getByText(/one of the most commonly used/)
      .waitFor();

    const newPassword = 'a far better passphrase';
    await next.fill(newPassword);
    await change.click();
    await page.getByText('Your password is changed.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await signIn(page, app.server.url, { ...person, password: newPassword });
  });

  test('the sign-up form states the password rule and holds a short password back', async () => {
    const page = await (await app.newContext()).newPage();
    await page.goto(`${app.server.url}/login`);
    await page.getByRole('button', { name: /create one/i }).click();
    await page.getByText('At least 10 characters, and not a commonly used password.').waitFor();
    await page.getByLabel('Name').fill('Hasty');
    await page.getByLabel('Email').fill('hasty@example.test');
    await page.getByLabel('Password').fill('123456789');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('alert').getByText('A password needs at least 10 characters.').waitFor();
  });
});
