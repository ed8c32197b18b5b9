import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useAppOnFakeOpenRouter } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { goOffline } from './offline-ready.ts';

const goodKey = 'sk-or-v1-journey-0123456789abcdef0123456789abcdef0123456789abcdefQ7rZ';
const refusedKey = 'sk-or-v1-refused-0123456789abcdef0123456789abcdef0123456789abcdefNOPE';

/**
 * Everything the page's /api responses carried: bodies, and each event of its event streams
 * (read off the DevTools protocol, as an event stream's body never ends).
 */
async function recordApiTraffic(
  page: Page,
): Promise<() => Promise<{ bodies: string[]; events: string[] }>> {
  const bodies: Promise<string>[] = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    if (response.headers()['content-type']?.includes('text/event-stream')) return;
    bodies.push(response.text().catch(() => ''));
  });
  const events: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.eventSourceMessageReceived', (event) => events.push(event.data));
  await cdp.send('Network.enable');
  return async () => ({ bodies: await Promise.all(bodies), events });
}

describe.runIf(hasBrowser)('bringing your own OpenRouter key', () => {
  // No operator key: without one of their own, a person has only the demo model.
  const app = useAppOnFakeOpenRouter();
  beforeAll(() => {
    app.openRouter.revokeKey(refusedKey);
  });

  test('a key saved in Settings answers on OpenRouter models, and never comes back to the browser', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    const apiTraffic = await recordApiTraffic(page);
    await createAccount(page, app.server.url, newPerson('Keyholder'));

    // With no key anywhere, the picker says OpenRouter's models need one, and where to add it.
    const picker = page.getByRole('button', { name: /^Model / });
    await picker.click();
    await page
      .getByRole('button', { name: /^OpenAI: GPT-4o-mini/ })
      .getByText('Needs a key')
      .waitFor();
    await page.getByRole('link', { name: 'Add yours in Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();

    const keyBox = page.getByRole('textbox', { name: 'OpenRouter API key' });
    app.allowBrowserErrors(
      'the server refusing the key OpenRouter refused',
      /^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/,
    );
    await keyBox.fill(refusedKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/OpenRouter does not accept this key/).waitFor();
    expect(await page.getByRole('button', { name: 'Remove key' }).count()).toBe(0);

    await keyBox.fill(goodKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.getByRole('button', { name: 'Remove key' }).waitFor();
    await page.getByText('Q7rZ', { exact: true }).waitFor();
    expect(await alert.count()).toBe(0);
    expect(await keyBox.inputValue()).toBe('');

    // Back to a new chat, on an OpenRouter model: no longer marked, and it answers.
    await page.getByRole('button', { name: 'New chat' }).click();
    await picker.click();
    const gpt = page.getByRole('button', { name: /^OpenAI: GPT-4o-mini/ });
    await gpt.waitFor();
    expect(await gpt.getByText('Needs a key').count()).toBe(0);
    await gpt.click();
    await sendFromComposer(page, 'Hello on my own key');
    await lastAnswer(page)
      .and(page.locator('[data-status="done"]'))
      .getByText('Hello from the fake.')
      .waitFor();
    const asked = app.openRouter.requests.find(
      (r) => r.stream && JSON.stringify(r.messages).includes('Hello on my own key'),
    );
    expect(asked?.authorization).toBe(`Bearer ${goodKey}`);

    // The key stops working: the answer says so and links to Settings.
    app.openRouter.revokeKey(goodKey);
    await sendFromComposer(page, 'And now?');
    const failed = lastAnswer(page).and(page.locator('[data-status="error"]'));
    await failed.getByText(/refused the API key/).waitFor();
    await failed.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Remove key' }).click();
    await page.getByRole('textbox', { name: 'OpenRouter API key' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Remove key' }).count()).toBe(0);

    // Offline, the app still knows no key is left: the last word from the server is kept.
    await goOffline(app, page);
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page
      .getByRole('region', { name: 'Models' })
      .getByRole('link', { name: 'Add an API key' })
      .waitFor();

    const { bodies, events } = await apiTraffic();
    // Both kinds were heard: the key's last four in a body, the answer's words in its stream.
    expect(bodies.join('\n')).toContain('Q7rZ');
    expect(events.join('\n')).toContain('fake');
    const seen = [...bodies, ...events].join('\n');
    for (const key of [goodKey, refusedKey]) {
      expect(seen).not.toContain(key.slice(0, -4));
      expect(seen).not.toContain(Buffer.from(key).toString('base64').slice(0, 40));
    }
    await context.close();
  });
});
