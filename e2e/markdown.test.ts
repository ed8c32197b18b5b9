import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

// The demo model answers with the message itself, so a message written in Markdown comes back
// as an answer to render.
const packingList = [
  '# Packing',
  '',
  '- [x] tent',
  '- [ ] stove',
  '',
  '| item | kg |',
  '| --- | --- |',
  '| tent | 2 |',
  '',
  '```js',
  'const total = 2;',
  '```',
].join('\n');

describe.runIf(hasBrowser)('answers in Markdown', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '40' });

  test('headings, task lists, tables and highlighted code render, and Copy takes the code', async () => {
    const context = await app.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: app.server.url,
    });
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Packer'));
    await sendFromComposer(page, packingList);
    const answer = lastAnswer(page).and(page.locator('[data-status="done"]'));
    await answer.waitFor();

    await answer.getByRole('heading', { name: 'Packing' }).waitFor();
    expect(
      await answer
        .getByRole('checkbox')
        .evaluateAll((boxes) => boxes.map((b) => (b as { checked: boolean }).checked)),
    ).toEqual([true, false]);
    expect(await answer.getByRole('cell', { name: 'tent' }).count()).toBe(1);
    const code = answer.locator('.code-block');
    expect(await code.locator('.code-block-language').textContent()).toBe('js');
    expect(await code.locator('pre').textContent()).toBe('const total = 2;\n');
    // Coloured by Shiki in its worker: several tokens, in more than one colour. While the answer
    // streamed, earlier text was coloured; wait until the colours cover all of the final code.
    const tokens = code.locator('pre span[style*="--shiki-light"]');
    await waitFor(async () =>
      (await tokens.allTextContents()).join('') === 'const total = 2;' ? true : undefined,
    );
    const colours = await Promise.all(
      (await tokens.all()).map((token) =>
        token.evaluate((span) => span.ownerDocument.defaultView?.getComputedStyle(span).color),
      ),
    );
    expect(new Set(colours).size).toBeGreaterThan(1);
    expect(await code.locator('pre').textContent()).toBe('const total = 2;\n');
    // The clipboard answers only a focused page; parallel suites may have taken the focus.
    await page.bringToFront();
    await code.getByRole('button', { name: 'Copy' }).click();
    await waitFor(async () =>
      (await page.evaluate('navigator.clipboard.readText()').catch(() => null)) ===
      'const total = 2;'
        ? true
        : undefined,
    );
    await context.close();
  });

  test('a code block still being written shows as code before its fence closes', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Coder'));
    const lines = Array.from({ length: 120 }, (_, i) => `step${i}();`).join('\n');
    await sendFromComposer(page, `Here:\n\n\`\`\`js\n${lines}\n\`\`\``);
    const streaming = lastAnswer(page).and(page.locator('[data-status="streaming"]'));
    await streaming.locator('.code-block pre', { hasText: 'step10();' }).waitFor();
    expect(await streaming.locator('.code-block-language').textContent()).toBe('js');
    expect(await streaming.locator('.code-block pre').textContent()).not.toContain('```');
    await context.close();
  });
});
