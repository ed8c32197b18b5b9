import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import {
  createAccount,
  lastAnswer,
  newPerson,
  type Person,
  sendFromComposer,
  signIn,
} from './journeys.ts';

// An answer with prose, lists, a task list, a table and code in a language whose colours cover
// every kind of token (keywords, strings, numbers, comments, names), so the checks see them all.
const answerWithCode = [
  'Here is the **plan**:',
  '',
  '1. Pack',
  '2. Go',
  '',
  '- [x] tent',
  '- [ ] stove',
  '',
  '| item | kg |',
  '| --- | --- |',
  '| tent | 2 |',
  '',
  '```ts',
  '// three days, one bag',
  'export const days: number = 3;',
  "const bag = { size: 'small', items: [1, 2] };",
  "function go(when: Date) { return 'leaving ' + when.toISOString(); }",
  '```',
].join('\n');

describe.runIf(hasBrowser)('accessibility of every screen', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  /** A person with one finished conversation whose answer holds coloured code; its address. */
  async function personWithConversation(person: Person): Promise<string> {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, person);
    await sendFromComposer(page, answerWithCode);
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const url = page.url();
    await context.close();
    return url;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the sign-in page and the create-account form break no rule (${colorScheme})`, async () => {
      const context = await app.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${app.server.url}/login`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await expectNoAxeViolations(page, `sign in, ${colorScheme}`);
      await page.getByRole('button', { name: /create one/i }).click();
      await page.getByRole('button', { name: 'Create account', exact: true }).waitFor();
      await expectNoAxeViolations(page, `create account, ${colorScheme}`);
    });

    test(`home, a conversation with code, the account menu and settings break no rule (${colorScheme})`, async () => {
      const person = newPerson('Auditor');
      const conversationUrl = await personWithConversation(person);
      const context = await app.newContext({ colorScheme });
      const page = await context.newPage();
      await signIn(page, app.server.url, person);
      await expectNoAxeViolations(page, `home, ${colorScheme}`);

      await page.goto(conversationUrl);
      await waitForColouredCode(page);
      await expectNoAxeViolations(page, `a conversation with code, ${colorScheme}`);

      await page.getByRole('button', { name: 'Account' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await expectNoAxeViolations(page, `the account menu, ${colorScheme}`);
      await page.keyboard.press('Escape');

      await page.goto(`${app.server.url}/settings`);
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      await page
        .getByRole('region', { name: 'Storage on this device' })
        .getByText(/used of/)
        .waitFor();
      await expectNoAxeViolations(page, `settings, ${colorScheme}`);
    });
  }

  test('on a phone, home, the conversation list and a conversation break no rule', async () => {
    const person = newPerson('Pocket');
    const conversationUrl = await personWithConversation(person);
    const context = await app.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await signIn(page, app.server.url, person);
    await expectNoAxeViolations(page, 'home on a phone');

    await page.getByRole('button', { name: 'Show conversations' }).click();
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link')
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'the conversation list on a phone');

    await page.goto(conversationUrl);
    await waitForColouredCode(page);
    await expectNoAxeViolations(page, 'a conversation with code on a phone');
  });
});

/** Waits until the answer's code is coloured all through, as the contrast check must see it. */
async function waitForColouredCode(page: Page) {
  await page.locator('.code-block pre span[style]', { hasText: 'leaving' }).first().waitFor();
}
