import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { decodablePngBytes, textPdfBytes } from '../server/testing/attachment-files.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

const picture = decodablePngBytes(24, 16, [20, 120, 220]);
const attachInput = (page: Page) => page.getByLabel('Attach files', { exact: true });
const chip = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Attachments' }).getByRole('listitem').filter({ hasText: name });
const modelButton = (page: Page, name: RegExp) => page.getByRole('button', { name });

async function chooseModel(page: Page, search: string, name: RegExp) {
  await page.getByRole('button', { name: /^Model / }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(search);
  await modelButton(page, name).click();
}

describe.runIf(hasBrowser)('attachments reach the model that answers', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });
  const lastRequest = () => app.openRouter.requests.filter((request) => request.stream).at(-1);
  const userParts = () =>
    lastRequest()
      ?.parts.filter((message) => message.role === 'user')
      .at(-1);

  test('an image goes to a model that sees it, which the picker offers, while one that cannot is marked and not chosen', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Viewer'));
    await attachInput(page).setInputFiles([
      { name: 'sky.png', mimeType: 'image/png', buffer: picture },
    ]);
    await chip(page, 'sky.png').filter({ hasText: 'Uploaded' }).waitFor();

    // A text-only model stays listed, says why it cannot be chosen, and is not chosen.
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('llama');
    const textOnly = modelButton(page, /^Meta: Llama 3.3 70B Instruct/);
    expect(await textOnly.getAttribute('aria-disabled')).toBe('true');
    expect(await textOnly.textContent()).toContain("Can't read images");
    // Clicked all the same (a pointer ignores aria-disabled): the model stays as it was.
    await textOnly.click({ force: true });
    expect(await textOnly.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('button', { name: /^Model / }).textContent()).not.toContain(
      'Llama',
    );

    await chooseModel(page, 'qwen', /^Qwen: Qwen2.5 VL 72B Instruct/);
    app.openRouter.script({ kind: 'text', chunks: ['A ', 'blue ', 'sky.'] });
    await sendFromComposer(page, 'What colour is this?');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await lastAnswer(page).locator('.message-content').textContent()).toBe('A blue sky.');
    expect(lastRequest()?.model).toBe('qwen/qwen2.5-vl-72b-instruct');
    expect(userParts()?.parts).toEqual([
      { type: 'text', text: 'What colour is this?' },
      { type: 'image', url: `data:image/png;base64,${picture.toString('base64')}` },
    ]);
    // The person's message shows the picture it carried.
    await page.getByRole('img', { name: 'sky.png', exact: true }).waitFor();
    await context.close();
  });

  test('a PDF goes whole to a model that reads files, and as its text to one that does not', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Reader'));
    const notes = textPdfBytes([['The meeting moved to Thursday.'], ['Bring the budget.']]);

    await chooseModel(page, 'gpt-4o-mini', /^OpenAI: GPT-4o-mini/);
    await attachInput(page).setInputFiles([
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: notes },
    ]);
    await chip(page, 'notes.pdf').filter({ hasText: 'Uploaded' }).waitFor();
    app.openRouter.script({ kind: 'text', chunks: ['Thursday, ', 'with the budget.'] });
    await sendFromComposer(page, 'How long is it?');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(userParts()?.parts).toContainEqual({
      type: 'file',
      filename: 'notes.pdf',
      data: `data:application/pdf;base64,${notes.toString('base64')}`,
    });
    await page.getByRole('link', { name: 'notes.pdf', exact: true }).waitFor();

    // The same conversation on a text-only model: the file goes as the text read from it.
    await chooseModel(page, 'llama', /^Meta: Llama 3.3 70B Instruct/);
    app.openRouter.script({ kind: 'text', chunks: ['Still ', 'three.'] });
    await sendFromComposer(page, 'And now?');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    const sent = JSON.stringify(lastRequest()?.parts);
    expect(sent).not.toContain('application/pdf;base64');
    expect(sent).toContain('notes.pdf');
    expect(sent).toContain('The meeting moved to Thursday.');
    expect(sent).toContain('Bring the budget.');
    await context.close();
  });
});
