import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { attachment } from '../server/db/attachment-schema.ts';
import { visibleUpdate } from '../server/sync/visible-write.ts';
import { decodablePngBytes, pdfBytes } from '../server/testing/attachment-files.ts';
import { seedLongConversation } from '../server/testing/seed-rows.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { signedUpInBrowser, useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { goOffline, waitUntilStoredLocally } from './offline-ready.ts';

/** Uploads a file with the page's session, for the person's message `messageId`. */
async function upload(
  page: Page,
  baseUrl: string,
  file: { id: string; name: string; bytes: Buffer; type: string; messageId: string },
) {
  const query = new URLSearchParams({ name: file.name, messageId: file.messageId });
  const response = await page.request.put(`${baseUrl}/api/attachments/${file.id}?${query}`, {
    data: file.bytes,
    headers: { 'content-type': file.type, origin: baseUrl },
  });
  expect(response.status()).toBe(201);
}

// Runs in the page: whether the device's own database holds the bytes of attachment `id`.
const storedOnDeviceScript = (id: string) => `(async () => {
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const db = await request(indexedDB.open('parley-local'));
  try {
    if (!db.objectStoreNames.contains('files')) return false;
    const file = await request(db.transaction('files').objectStore('files').get(${JSON.stringify(id)}));
    return file !== undefined && file.blob.size > 0;
  } finally {
    db.close();
  }
})()`;

async function waitUntilBytesStored(page: Page, id: string) {
  await waitFor(async () => ((await page.evaluate(storedOnDeviceScript(id))) ? true : undefined), {
    timeoutMs: 15_000,
    what: `the bytes of ${id} to be stored on the device`,
  });
}

/** Waits until the image named `alt` has been decoded: a blank box would pass a visibility check. */
async function waitUntilImageShows(page: Page, alt: string) {
  const image = page.getByRole('img', { name: alt, exact: true });
  await image.waitFor();
  await waitFor(
    async () =>
      (await image.evaluate((element) => {
        const decoded = element as unknown as { complete: boolean; naturalWidth: number };
        return decoded.complete && decoded.naturalWidth > 0;
      }))
        ? true
        : undefined,
    { what: `${alt} to be decoded` },
  );
  return image;
}

describe.runIf(hasBrowser)('attachments in messages', () => {
  const app = useAppInBrowser();

  test('a message shows its image and PDF, after a reload too, and with no network once shown', async () => {
    const { context, page, userId } = await signedUpInBrowser(app, 'Archivist');
    const baseUrl = app.server.url;
    const conversationId = `c-${randomUUID()}`;
    await seedLongConversation(app.server.database.db, userId, conversationId, 2);
    const messageId = `${conversationId}-0`;
    const imageId = `att-${randomUUID()}`;
    const pdfId = `att-${randomUUID()}`;
    await upload(page, baseUrl, {
      id: imageId,
      name: 'harbour.png',
      bytes: decodablePngBytes(64, 48),
      type: 'image/png',
      messageId,
    });
    await upload(page, baseUrl, {
      id: pdfId,
      name: 'minutes.pdf',
      bytes: pdfBytes(12),
      type: 'application/pdf',
      messageId,
    });

    await page.goto(`${baseUrl}/c/${conversationId}`);
    const message = page.locator(`article[data-message-id="${messageId}"]`);
    const image = await waitUntilImageShows(page, 'harbour.png');
    expect(await message.getByRole('img', { name: 'harbour.png' }).count()).toBe(1);
    const pdfLink = message.getByRole('link', { name: 'minutes.pdf', exact: true });
    await pdfLink.waitFor();
    expect(await message.locator('.attached-document').textContent()).toContain('12 pages');
    await expectNoAxeViolations(page, 'a conversation with attachments');

    // Full size in a dialog, which Escape closes.
    await image.click();
    const viewer = page.getByRole('dialog', { name: 'harbour.png' });
    await viewer.waitFor();
    expect(await viewer.getByRole('img', { name: 'harbour.png' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'an image at full size');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    await page.reload();
    await waitUntilImageShows(page, 'harbour.png');
    await pdfLink.waitFor();

    // Once shown, the bytes are on the device: the conversation reads with no network.
    await waitUntilBytesStored(page, imageId);
    await waitUntilBytesStored(page, pdfId);
    await goOffline(app, page);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await waitUntilImageShows(page, 'harbour.png');
    await pdfLink.waitFor();
    expect(await message.locator('.attached-document').textContent()).toContain('12 pages');
    const href = (await pdfLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^blob:/);
    // It opens the device's copy in a tab of its own.
    const [tab] = await Promise.all([context.waitForEvent('page'), pdfLink.click()]);
    await waitFor(() => (tab.url() === href ? true : undefined), { what: 'the PDF to open' });
    await context.close();
  }, 60_000);

  test('an image far up a long conversation is fetched only once scrolled to', async () => {
    const { context, page, userId } = await signedUpInBrowser(app, 'Scroller');
    const baseUrl = app.server.url;
    const conversationId = `c-${randomUUID()}`;
    await seedLongConversation(app.server.database.db, userId, conversationId, 60);
    const imageId = `att-${randomUUID()}`;
    await upload(page, baseUrl, {
      id: imageId,
      name: 'first-page.png',
      bytes: decodablePngBytes(40, 30),
      type: 'image/png',
      messageId: `${conversationId}-0`,
    });
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/attachments/')) fetched.push(request.url());
    });

    await page.goto(`${baseUrl}/c/${conversationId}`);
    await page.locator(`article[data-message-id="${conversationId}-59"]`).waitFor();
    // Opened at its end, the first message is not shown: its image is not fetched.
    await waitUntilStoredLocally(page, { id: imageId });
    expect(fetched).toEqual([]);

    await page.getByRole('region', { name: 'Messages' }).evaluate((element) => {
      element.scrollTop = 0;
    });
    await waitUntilImageShows(page, 'first-page.png');
    expect(fetched).toEqual([expect.stringContaining(imageId)]);
    await context.close();
  });

  test('a generated image in an answer is described as such and can be downloaded', async () => {
    const { context, page, userId } = await signedUpInBrowser(app, 'Painter');
    const baseUrl = app.server.url;
    const conversationId = `c-${randomUUID()}`;
    await seedLongConversation(app.server.database.db, userId, conversationId, 2);
    const answerId = `${conversationId}-1`;
    const imageId = `att-${randomUUID()}`;
    // Stored as an upload for the person's message, then made the answer's generated image,
    // as the server records one a model made.
    await upload(page, baseUrl, {
      id: imageId,
      name: 'lighthouse.png',
      bytes: decodablePngBytes(32, 32, [250, 200, 40]),
      type: 'image/png',
      messageId: `${conversationId}-0`,
    });
    await app.server.database.db
      .update(attachment)
      .set(visibleUpdate(attachment, { source: 'generated', messageId: answerId }))
      .where(eq(attachment.id, imageId));

    await page.goto(`${baseUrl}/c/${conversationId}`);
    const answer = page.locator(`article[data-message-id="${answerId}"]`);
    await waitUntilImageShows(page, 'Generated image');
    expect(await answer.getByRole('img', { name: 'Generated image' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'an answer with a generated image');
    const download = page.waitForEvent('download');
    await answer.getByRole('link', { name: 'Download lighthouse.png' }).click();
    expect((await download).suggestedFilename()).toBe('lighthouse.png');
    await context.close();
  });
});
