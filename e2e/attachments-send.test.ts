import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { attachment } from '../server/db/attachment-schema.ts';
import { pngBytes } from '../server/testing/attachment-files.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import {
  attachInput,
  chip,
  claimedBy,
  pdf,
  queuedWithFilesOffline,
} from './attachment-journeys.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

const png = (name: string, bytes = 2_048) => ({
  name,
  mimeType: 'image/png',
  buffer: pngBytes(bytes),
});

/** Pastes a PNG into the message box and drops a PDF on it, as a browser hands files over. */
const handOver = `(() => {
  const box = document.querySelector('textarea[aria-label="Message"]');
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];
  const pasted = new DataTransfer();
  pasted.items.add(new File([new Uint8Array(png)], 'screenshot.png', { type: 'image/png' }));
  box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
  const dropped = new DataTransfer();
  dropped.items.add(new File(['%PDF-1.4\\n%%EOF\\n'], 'dropped.pdf', { type: 'application/pdf' }));
  box.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true }));
})()`;

describe.runIf(hasBrowser)('sending attachments', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('picked files show as chips that upload and can be removed; a file that is not what its name says is refused; the message carries the rest', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Photographer'));

    await attachInput(page).setInputFiles([png('photo.png', 300_000), pdf('notes.pdf')]);
    await chip(page, 'photo.png').filter({ hasText: 'Uploaded' }).waitFor();
    await chip(page, 'notes.pdf').filter({ hasText: 'Uploaded' }).waitFor();
    expect(await chip(page, 'photo.png').textContent()).toContain('293 KB');

    await page.getByRole('button', { name: 'Remove notes.pdf' }).click();
    await chip(page, 'notes.pdf').waitFor({ state: 'detached' });
    // No message will name it: the server's copy goes too.
    await expect
      .poll(async () =>
        app.server.database.db.select().from(attachment).where(eq(attachment.name, 'notes.pdf')),
      )
      .toHaveLength(0);

    // An HTML page named .png: refused before anything is uploaded.
    await attachInput(page).setInputFiles([
      { name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>1</script>') },
    ]);
    await page
      .getByRole('alert')
      .filter({ hasText: 'cat.png cannot be attached. Attach PNG, JPEG, WebP or GIF images' })
      .waitFor();
    expect(await chip(page, 'cat.png').count()).toBe(0);

    await sendFromComposer(page, 'What is in this photo?');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(await page.getByRole('list', { name: 'Attachments' }).count()).toBe(0);
    const sent = page.locator('article[data-role="user"]').last();
    const messageId = (await sent.getAttribute('data-message-id')) ?? '';
    expect((await claimedBy(app.server.database.db, messageId)).map((a) => a.name)).toEqual([
      'photo.png',
    ]);
    await context.close();
  });

  test('an eleventh file is refused, saying how many a message carries', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Hoarder'));
    const eleven = Array.from({ length: 11 }, (_, i) => png(`page-${i + 1}.png`, 64));
    await attachInput(page).setInputFiles(eleven);
    await page
      .getByRole('alert')
      .filter({ hasText: 'A message can carry at most 10 files: one was left out.' })
      .waitFor();
    await chip(page, 'page-10.png').waitFor();
    expect(
      await page.getByRole('list', { name: 'Attachments' }).getByRole('listitem').count(),
    ).toBe(10);
    await context.close();
  });

  test('a file pasted into the message box or dropped on the composer is attached too', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Paster'));
    // As the browser hands them over: a screenshot pasted, a PDF dragged from the desktop.
    await page.evaluate(handOver);
    await chip(page, 'screenshot.png').filter({ hasText: 'Uploaded' }).waitFor();
    await chip(page, 'dropped.pdf').filter({ hasText: 'Uploaded' }).waitFor();
    await context.close();
  });

  test(
    'sent offline, a message with files waits as queued through a reload, then is answered once with its files',
    () => queuedWithFilesOffline(app, app.server.database.db),
    90_000,
  );
});
