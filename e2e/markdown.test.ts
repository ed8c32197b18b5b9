import { describe, expect, test } from 'vitest';
import { seedAnswer } from '../server/testing/seed-rows.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { signedUpInBrowser, useAppInBrowser } from './app-in-browser.ts';
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

// Links and a footnote whose definitions come after the text that uses them, and a definition
// of a link that would run script.
const referenced = [
  'Pack by the [checklist][list] and read [the manual] first.[^1]',
  '',
  'Never follow [this one][trap].',
  '',
  '[list]: https://example.com/checklist',
  '[the manual]: https://example.com/manual "The manual"',
  '[trap]: javascript:alert(document.domain)',
  '',
  '[^1]: Weigh the tent before you go.',
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
    // Read in one evaluation: a colouring that lands between reads replaces the spans.
    const colouring = () =>
      tokens.evaluateAll((spans) => ({
        text: spans.map((span) => span.textContent).join(''),
        colours: new Set(
          spans.map((span) => span.ownerDocument.defaultView?.getComputedStyle(span).color),
        ).size,
      }));
    await waitFor(
      async () => {
        const { text, colours } = await colouring();
        return text === 'const total = 2;' && colours > 1 ? true : undefined;
      },
      { what: 'the whole code coloured, in more than one colour' },
    );
    expect(await code.locator('pre').textContent()).toBe('const total = 2;\n');
    await expectNoAxeViolations(page, 'an answer in Markdown');
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

  test('reference links and footnotes show as links, the note is shown, and a javascript: link is not', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Reader'));
    const answers = page.locator('article[data-role="assistant"][data-status="done"]');
    await sendFromComposer(page, referenced);
    await answers.first().waitFor();
    // A second answer on the page with the same footnote: each keeps to its own.
    await sendFromComposer(page, referenced);
    await answers.nth(1).waitFor();

    for (const answer of [answers.first(), answers.nth(1)]) {
      const checklist = answer.getByRole('link', { name: 'checklist', exact: true });
      expect(await checklist.getAttribute('href')).toBe('https://example.com/checklist');
      expect(await checklist.getAttribute('target')).toBe('_blank');
      expect(await checklist.getAttribute('rel')).toBe('noopener noreferrer');
      const manual = answer.getByRole('link', { name: 'the manual', exact: true });
      expect(await manual.getAttribute('href')).toBe('https://example.com/manual');

      const call = answer.getByRole('link', { name: 'Footnote 1' });
      const note = answer
        .getByRole('listitem')
        .filter({ hasText: 'Weigh the tent before you go.' });
      expect(await call.textContent()).toBe('1');
      expect(await call.getAttribute('href')).toBe(`#${await note.getAttribute('id')}`);
      // Following the call reaches the note in this answer, and its way back the call.
      await call.click();
      await waitFor(
        async () =>
          (await note.evaluate((el) => el.ownerDocument.activeElement === el)) ? true : undefined,
        {
          what: 'the note focused',
        },
      );
      await note.getByRole('link', { name: 'Back to reference 1' }).click();
      await waitFor(
        async () =>
          (await call.evaluate((el) => el.ownerDocument.activeElement === el)) ? true : undefined,
        {
          what: 'the call focused again',
        },
      );

      expect(await answer.locator('a[href^="javascript:" i]').count()).toBe(0);
      expect(await answer.getByRole('link', { name: 'this one' }).count()).toBe(0);
      const text = await answer.locator('.message-content').textContent();
      expect(text).toContain('Never follow this one.');
      // No Markdown left as written: every label and definition was used.
      expect(text).not.toMatch(/[[\]]|javascript/);
    }
    const ids = await page.locator('[id]').evaluateAll((elements) => elements.map((e) => e.id));
    expect(ids.length).toBe(new Set(ids).size);
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

  test('reading up a long answer opened fresh, the text moves with the scroll and never jumps', async () => {
    const { context, page, userId } = await signedUpInBrowser(app, 'Scroller');
    const sections = Array.from({ length: 60 }, (_, n) =>
      [
        `## Section ${n}`,
        `Paragraph ${n} says a little, and then a little more, so that it wraps on a narrow screen.`,
        '- one\n- two\n- three',
        `\`\`\`ts\nconst section${n} = ${n};\nexport default section${n};\n\`\`\``,
      ].join('\n\n'),
    );
    await seedAnswer(
      app.server.database.db,
      userId,
      { conversationId: 'long-answer', answerId: 'long-answer-reply' },
      { status: 'done', content: sections.join('\n\n') },
    );
    await page.goto(`${app.server.url}/c/long-answer`);
    const heading = (n: number) => page.getByRole('heading', { name: `Section ${n}`, exact: true });
    await heading(59).waitFor();
    // The groups before the last two are rendered in the background after the first paint
    // (MarkdownView); this reads up through groups never shown once they are all there.
    await heading(0).waitFor({ state: 'attached' });

    // Step up through the answer: whatever heading is on screen must move down by exactly as
    // far as it scrolled, even as parts of the answer not shown before take their real size.
    const scroller = page.locator('.chat-scroll');
    const step = 300;
    for (let moves = 0; moves < 200; moves++) {
      const marker = await scroller.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const headings = [...el.querySelectorAll('h2')].filter((h) => {
          const y = h.getBoundingClientRect().top;
          return y > box.top && y < box.bottom - 350;
        });
        const first = headings[0];
        return first ? { text: first.textContent, y: first.getBoundingClientRect().top } : null;
      });
      // How far it scrolled: the full step, or less at the top.
      const { moved, top } = await scroller.evaluate((el, by) => {
        const before = el.scrollTop;
        el.scrollTop -= by;
        return { moved: before - el.scrollTop, top: el.scrollTop };
      }, step);
      if (marker) {
        // Two frames: the one that reveals new parts, and the one after any correction.
        await page.evaluate(
          'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
        );
        const y = await page
          .getByRole('heading', { name: marker.text ?? '', exact: true })
          .evaluate((h) => h.getBoundingClientRect().top);
        expect(Math.round(y - marker.y), `${marker.text} after scrolling up ${moved}px`).toBe(
          Math.round(moved),
        );
      }
      if (top === 0) break;
    }
    await heading(0).waitFor();
    await context.close();
  });
});
