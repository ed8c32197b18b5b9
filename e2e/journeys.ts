import type { Page } from 'playwright-core';

export type Person = { name: string; email: string; password: string };

export const newPerson = (name: string): Person => ({
  name,
  email: `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.test`,
  password: 'correct horse battery',
});

/** Creates an account from the sign-in page, as a person would. */
export async function createAccount(page: Page, baseUrl: string, person: Person) {
  await submitNewAccount(page, baseUrl, person);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
}

/** Fills in and sends the "Create account" form, without waiting for the app to open. */
export async function submitNewAccount(page: Page, baseUrl: string, person: Person) {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('button', { name: /create one/i }).click();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
}

/** Signs in from the sign-in page. */
export async function signIn(page: Page, baseUrl: string, person: Person) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
}

/** The link to a conversation in the sidebar. */
export const conversationLink = (page: Page, title: string) =>
  page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: title, exact: true });

/** Sends a message from the composer of the current page. */
export async function sendFromComposer(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** The newest answer on the page. */
export const lastAnswer = (page: Page) => page.locator('article[data-role="assistant"]').last();

/** Signs out from the account menu. */
export async function signOut(page: Page) {
  // Anchored and exact: Settings also has `Delete account` and `Sign out everywhere else`.
  await page.getByRole('button', { name: /^Account\b/ }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
}
