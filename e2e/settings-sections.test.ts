import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';

/** Whether the top of `heading` is on screen, not scrolled away above or below. */
async function onScreen(page: Page, heading: Locator): Promise<boolean> {
  const box = await heading.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return box !== null && box.y >= 0 && box.y < height;
}

describe.runIf(hasBrowser)('settings sections', () => {
  const app = useAppInBrowser();

  test('an address naming a section of Settings opens the page there', async () => {
    const context = await app.newContext({ viewport: { width: 390, height: 600 } });
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Sectioned'));
    const storage = page.getByRole('heading', { name: 'Storage on this device' });

    await page.goto(`${app.server.url}/settings`);
    await storage.waitFor();
    expect(await onScreen(page, storage)).toBe(false);

    await page.goto(`${app.server.url}/settings?section=storage`);
    await storage.waitFor();
    await waitFor(async () => ((await onScreen(page, storage)) ? true : undefined), {
      what: 'the Storage section to be scrolled into view',
    });

    // A section the page does not have opens it at the top.
    await page.goto(`${app.server.url}/settings?section=billing`);
    await storage.waitFor();
    expect(await onScreen(page, storage)).toBe(false);
    await context.close();
  });
});
