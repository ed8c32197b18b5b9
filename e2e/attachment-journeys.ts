import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { attachment } from '../server/db/attachment-schema.ts';
import type { Database } from '../server/db/database.ts';
import { decodablePngBytes, pdfBytes } from '../server/testing/attachment-files.ts';
import { answerWith, type JourneyTarget } from './app-journeys.ts';
import { createAccount, newPerson, sendFromComposer } from './journeys.ts';
import { goOffline, waitUntilStoredLocally } from './offline-ready.ts';

/** A two-page PDF named `name`, as a file input takes it. */
export const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: pdfBytes(2),
});

/** The composer's file picker. */
export const attachInput = (page: Page) => page.getByLabel('Attach files', { exact: true });

/** The composer's chip for the attachment named `name`. */
export const chip = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Attachments' }).getByRole('listitem').filter({ hasText: name });

/** The attachments `database` holds for the person's message `messageId`, by name. */
export const claimedBy = async (database: Database, messageId: string) =>
  (
    await database
      .select({ id: attachment.id, name: attachment.name })
      .from(attachment)
      .where(eq(attachment.messageId, messageId))
  ).sort((a, b) => a.name.localeCompare(b.name));

/**
 * Sent offline, a message with files waits as queued through a reload; back online its files
 * upload and it is answered once with both, which the server (its rows in `database`) holds
 * for that message and serves byte for byte, shown after a reload and offline too.
 */
export async function queuedWithFilesOffline(target: JourneyTarget, database: Database) {
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Commuter'));
  await sendFromComposer(page, 'Before the tunnel');
  await answerWith(page, 'done').waitFor();
  await goOffline(target, page);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  const map = { name: 'map.png', mimeType: 'image/png', buffer: decodablePngBytes(30, 20) };
  await attachInput(page).setInputFiles([map, pdf('ticket.pdf')]);
  await chip(page, 'map.png').filter({ hasText: 'Waiting for a connection' }).waitFor();
  await page.getByRole('progressbar', { name: 'Upload of ticket.pdf' }).waitFor();
  await sendFromComposer(page, 'Read my ticket');
  const sent = page.locator('article[data-role="user"]', { hasText: 'Read my ticket' });
  await sent.and(page.locator('[data-status="queued"]')).waitFor();
  await waitUntilStoredLocally(page, { role: 'user', content: 'Read my ticket', status: 'queued' });

  await page.reload();
  await sent.and(page.locator('[data-status="queued"]')).waitFor();

  await context.setOffline(false);
  const answer = page.locator('article[data-role="assistant"]', { hasText: 'Read my ticket' });
  await answer.and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
  await sent.and(page.locator('[data-status="done"]')).waitFor();
  expect(await answer.count()).toBe(1);
  // The demo model names the files it was given: the answer ran with both.
  const answered = await answer.locator('.message-content').textContent();
  expect(answered).toContain('Read my ticket');
  expect(answered).toContain('[Attached: ticket.pdf]');
  expect(answered).toContain('[Attached: map.png]');

  const messageId = (await sent.getAttribute('data-message-id')) ?? '';
  const claimed = await claimedBy(database, messageId);
  expect(claimed.map((a) => a.name)).toEqual(['map.png', 'ticket.pdf']);
  // Served to their owner from the page, byte for byte the files picked.
  const sizes = await page.evaluate(
    async (ids) =>
      Promise.all(
        ids.map(async (id) => {
          const response = await fetch(`/api/attachments/${id}`);
          return [response.status, (await response.arrayBuffer()).byteLength];
        }),
      ),
    claimed.map((a) => a.id),
  );
  expect(sizes).toEqual([
    [200, map.buffer.length],
    [200, pdf('ticket.pdf').buffer.length],
  ]);

  // The message shows both, after a reload and with no network too.
  const mapWidth = () =>
    sent
      .getByRole('img', { name: 'map.png', exact: true })
      // An <img> has no type here (no DOM types in journeys): its fields are read by name.
      .evaluate((img) => (Reflect.get(img, 'complete') ? Reflect.get(img, 'naturalWidth') : 0))
      .catch(() => 0);
  const seeBoth = async () => {
    await expect.poll(mapWidth).toBe(30);
    await sent.getByRole('link', { name: 'ticket.pdf', exact: true }).waitFor();
  };
  await seeBoth();
  await page.reload();
  await seeBoth();
  await context.setOffline(true);
  await page.reload();
  await seeBoth();
  await context.close();
}
