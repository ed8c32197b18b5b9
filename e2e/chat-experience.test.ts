import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startAppServer } from '../server/testing/app-server.ts';
import { startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
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

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

describe.runIf(hasBrowser)('the chat experience', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '20' });

  test('by keyboard alone: Enter sends, Shift+Enter breaks the line, Esc stops the answer', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Typist'));
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    const sent = page.locator('article[data-role="user"] .message-content').first();
    await sent.waitFor();
    expect(await sent.textContent()).toBe('First line\nsecond line');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();

    const long = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    await box.fill(long);
    await box.press('Enter');
    const streaming = lastAnswer(page).and(page.locator('[data-status="streaming"]'));
    await streaming.getByText(/w5 /).waitFor();
    await page.keyboard.press('Escape');
    await lastAnswer(page).and(page.locator('[data-status="stopped"]')).waitFor();
    expect(await lastAnswer(page).textContent()).not.toContain('w199');
    await context.close();
  });

  test('a long message shows its first lines with "Show more", and all of it on request', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Paster'));
    const lines = Array.from({ length: 60 }, (_, i) => `line-${i}-${'x'.repeat(20)}`);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(lines.join('\n'));
    await box.press('Enter');

    const sent = page.locator('article[data-role="user"]');
    const more = sent.getByRole('button', { name: 'Show more' });
    await more.waitFor();
    const shown = async () => (await sent.locator('.message-content').textContent()) ?? '';
    expect(await shown()).toContain(lines[23]);
    expect(await shown()).not.toContain(lines[24]);
    expect(await more.getAttribute('aria-expanded')).toBe('false');

    await more.click();
    const less = sent.getByRole('button', { name: 'Show less' });
    await less.waitFor();
    expect(await shown()).toContain(lines[59]);
    expect(await less.getAttribute('aria-expanded')).toBe('true');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    await context.close();
  });

  test('Tab reaches every control of a conversation, and each shows where the focus is', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Tabber'));
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello');
    await page.keyboard.press('Enter');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();

    // Runs in the page: the focused control's name, and whether a focus mark is drawn (its
    // outline, or for the message box, the border of the box around it).
    const describeFocus = `(() => {
      const el = document.activeElement;
      // Past the last control the focus leaves the page for the browser's own UI.
      if (el === null || el === document.body) return { name: '(the browser)', marked: true };
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const box = el.closest('.composer-box');
      const boxRing = box !== null && box.matches(':focus-within') &&
        getComputedStyle(box).borderColor !== getComputedStyle(document.documentElement).getPropertyValue('--border');
      const name = el.getAttribute('aria-label') || el.textContent.trim() || el.tagName;
      return { name, marked: el.matches(':focus-visible') && (ring || boxRing) };
    })()`;
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const stops: { name: string; marked: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(describeFocus));
    }
    expect(stops.filter((stop) => !stop.marked)).toEqual([]);
    const names = stops.map((stop) => stop.name);
    for (const control of [
      'New chat',
      'Search conversations',
      'Pin',
      'Rename',
      'Messages',
      'Copy',
      'Edit',
      'Retry',
      'Branch off',
      'Message',
    ]) {
      expect(
        names.some((name) => name.includes(control)),
        `${control} in ${names.join(', ')}`,
      ).toBe(true);
    }
    await context.close();
  });

  test('an example on the empty page starts a chat with it', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Curious'));
    const example = 'Plan a three-day trip to Lisbon on a small budget';
    await page
      .getByRole('list', { name: 'Examples' })
      .getByRole('button', { name: example })
      .click();
    await page.waitForURL(/\/c\//);
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).textContent()).toContain(example);
    await context.close();
  });

  test('the Model picker searches the catalog and shows context, price and capabilities; Settings sets the default', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Chooser'));
    const picker = page.getByRole('button', { name: /^Model / });
    expect(await picker.textContent()).toBe('Parley Demo (echo)');
    await picker.click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('gpt 4o mini');
    const choice = page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ });
    expect(await choice.textContent()).toMatch(
      /128K context · \$0\.15 in · \$0\.60 out per 1M tokens.*Vision.*PDF/,
    );
    await choice.click();
    expect(await picker.textContent()).toBe('OpenAI: GPT-4o-mini');
    await page.reload();
    // Remembered on this device for new chats; named once the catalog is read again.
    await expect
      .poll(() => page.getByRole('button', { name: /^Model / }).textContent())
      .toBe('OpenAI: GPT-4o-mini');

    // The same default is set in Settings, and new chats start with it.
    await page.goto(`${app.server.url}/settings`);
    const setting = page
      .getByRole('region', { name: 'Models' })
      .getByRole('button', { name: /^Model / });
    await expect.poll(() => setting.textContent()).toBe('OpenAI: GPT-4o-mini');
    await setting.click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('sonnet');
    await page.getByRole('button', { name: /^Anthropic: Claude Sonnet 4/ }).click();
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: /^Model / }).textContent())
      .toBe('Anthropic: Claude Sonnet 4');
    await context.close();
  });

  test('Retry answers again with another model', async () => {
    const openRouter = await startFakeOpenRouter();
    openRouter.script({ kind: 'text', chunks: ['A second ', 'opinion.'] });
    const server = await startAppServer({
      OPENROUTER_API_KEY: 'sk-or-test',
      OPENROUTER_BASE_URL: openRouter.baseUrl,
    });
    const context = await app.newContext();
    try {
      const page = await context.newPage();
      await createAccount(page, server.url, newPerson('Doubter'));
      await sendFromComposer(page, 'Is it going to rain?');
      const answer = lastAnswer(page);
      await answer.and(page.locator('[data-status="done"]')).waitFor();
      expect(await answer.locator('.message-model').textContent()).toBe('Parley Demo (echo)');

      await answer.getByRole('button', { name: 'Try another model' }).click();
      await answer.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ }).click();
      await answer
        .and(page.locator('[data-status="done"]'))
        .getByText('A second opinion.')
        .waitFor();
      expect(await answer.locator('.message-model').textContent()).toBe('OpenAI: GPT-4o-mini');
      expect(openRouter.requests.filter((r) => r.stream).map((r) => r.model)).toEqual([
        'openai/gpt-4o-mini',
      ]);
    } finally {
      await context.close();
      await server.close();
      await openRouter.close();
    }
  });

  test('the main views in light and dark, wide and phone-sized, with nothing wider than the screen', async () => {
    mkdirSync(screenshots, { recursive: true });
    const person: Person = newPerson('Model');
    const setup = await (await app.newContext()).newPage();
    await createAccount(setup, app.server.url, person);
    await setup
      .getByRole('textbox', { name: 'Message' })
      .fill('## A plan\n\n1. Pack\n2. Go\n\n```ts\nconst days = 3;\n```');
    await setup.getByRole('button', { name: 'Send' }).click();
    await lastAnswer(setup).and(setup.locator('[data-status="done"]')).waitFor();
    const conversationUrl = setup.url();
    await setup.context().close();

    for (const colorScheme of ['light', 'dark'] as const) {
      // 375 is the phone the screenshots show; 360, the narrowest the app is laid out for.
      for (const width of [1280, 375, 360]) {
        const context = await app.newContext({
          viewport: { width, height: width > 500 ? 800 : 740 },
          colorScheme,
        });
        const page = await context.newPage();
        await signIn(page, app.server.url, person);
        const views = [
          ['home', app.server.url],
          ['conversation', conversationUrl],
          ['settings', `${app.server.url}/settings`],
        ] as const;
        for (const [name, url] of views) {
          await page.goto(url);
          await page
            .getByRole('textbox', { name: 'Message' })
            .or(page.getByRole('heading', { name: 'Settings' }))
            .first()
            .waitFor();
          if (name === 'conversation') {
            await page.locator('.code-block span[style]').first().waitFor();
          }
          await expectNoAxeViolations(page, `${name} at ${width}px (${colorScheme})`);
          const overflow = await page.evaluate(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth',
          );
          expect(overflow, `${name} at ${width}px (${colorScheme}) scrolls sideways`).toBe(0);
          await page.screenshot({ path: `${screenshots}${name}-${colorScheme}-${width}.png` });
        }
        await context.close();
      }
    }
  }, 120_000);
});
