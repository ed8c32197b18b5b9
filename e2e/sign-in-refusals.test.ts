import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson, signOut, submitNewAccount } from './journeys.ts';

// What Chromium logs for each refused sign-in these journeys provoke.
const refused = (status: string) =>
  new RegExp(`^Failed to load resource: the server responded with a status of ${status}$`);

describe.runIf(hasBrowser)('the sign-in page explains a refusal', () => {
  // Two failures lock an account, so that the journey stays short.
  const app = useAppInBrowser({ SIGN_IN_FAILURES_PER_ACCOUNT: '2' });

  test('a person locked out by wrong passwords is told when to try again', async () => {
    const person = newPerson('Forgetful');
    const page = await (await app.newContext()).newPage();
    await createAccount(page, app.server.url, person);
    await signOut(page);

    app.allowBrowserErrors('the wrong passwords tried', refused('401 \\(Unauthorized\\)'));
    app.allowBrowserErrors('the attempt once locked out', refused('429 \\(Too Many Requests\\)'));
    const alert = page.getByRole('alert');
    const signInButton = page.getByRole('button', { name: 'Sign in', exact: true });
    const tryPassword = async (password: string) => {
      await page.getByLabel('Email').fill(person.email);
      await page.getByLabel('Password').fill(password);
      await signInButton.click();
      // Answered: the button is enabled again once the attempt is over.
      await expect.poll(() => signInButton.isEnabled()).toBe(true);
    };
    for (const guess of ['first guess', 'second guess']) {
      await tryPassword(guess);
      await expect.poll(() => alert.textContent()).toBe('Invalid email or password');
    }
    await tryPassword(person.password);
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^Too many attempts; try again in 1[1-5] minutes\.$/);
    await expect(page.getByRole('textbox', { name: 'Message' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'the sign-in page saying when to try again');
  });

  test('creating an account for an address that has one asks to check the details, telling nothing more', async () => {
    const owner = newPerson('Owner');
    const first = await (await app.newContext()).newPage();
    await createAccount(first, app.server.url, owner);

    app.allowBrowserErrors(
      'the sign-in that follows creating an account for a taken address',
      refused('401 \\(Unauthorized\\)'),
    );
    const other = await (await app.newContext()).newPage();
    await submitNewAccount(other, app.server.url, { ...owner, password: 'someone else entirely' });
    await expect
      .poll(() => other.getByRole('alert').textContent())
      .toBe('Check your details, or sign in if this email already has an account.');
  });
});
