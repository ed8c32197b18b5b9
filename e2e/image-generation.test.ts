import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { decodablePngBytes } from '../server/testing/attachment-files.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { offlineRequestFailure } from './browser-errors.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from './offline-ready.ts';

const picture = decodablePngBytes(48, 32, [200, 40, 40]);
const pictureUrl = `data:image/png;base64,${picture.toString('base64')}`;

describe.runIf(hasBrowser)('images made by a model', () => {
  const app = useAppOnFakeOpenRouter({ OPENROUTER_API_KEY: 'sk-or-test' });

  const lastRequest = () => app.openRouter.requests.filter((request) => request.stream).at(-1);
  /** The pixel size of the generated image under the last answer once decoded; 0 until then. */
  const decodedSize = (page: Page) =>
    lastAnswer(page)
      .getByRole('img', { name: 'Generated image' })
      // An <img> has no type here (no DOM types in journeys): its fields are read by name.
      .evaluate((img) =>
        Reflect.get(img, 'complete')
          ? `${Reflect.get(img, 'naturalWidth')}x${Reflect.get(img, 'naturalHeight')}`
          : 'not yet',
      )
      .catch(() => 'not shown');

  test('an image model’s picture shows under its answer, and again after a reload, offline too', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await createAccount(page, app.server.url, newPerson('Painter'));
    await page.getByRole('button', { name: /^Model / }).click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('flash image');
    await page.getByRole('button', { name: /^Google: Gemini 2.5 Flash Image/ }).click();

    app.openRouter.script({
      kind: 'text',
      chunks: ['Here ', 'is ', 'a red ', 'rectangle.'],
      images: [pictureUrl],
    });
    await sendFromComposer(page, 'Draw a red rectangle');
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor();
    expect(lastRequest()?.modalities).toEqual(['image', 'text']);
    // The picture itself, decoded: its own size, whatever the thumbnail's.
    await expect.poll(() => decodedSize(page)).toBe('48x32');
    // The answer's text is its words alone.
    expect(await lastAnswer(page).locator('.message-content').textContent()).toBe(
      'Here is a red rectangle.',
    );
    await expectNoAxeViolations(page, 'an answer with a generated image');

    await page.reload();
    await expect.poll(() => decodedSize(page)).toBe('48x32');

    // Kept on the device once shown: it opens with no network.
    await waitUntilServiceWorkerControls(page);
    await waitUntilStoredLocally(page, { name: 'image-1.png', source: 'generated' });
    app.allowBrowserErrors('requests made while offline', offlineRequestFailure);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => decodedSize(page)).toBe('48x32');
    await context.close();
  });
});
