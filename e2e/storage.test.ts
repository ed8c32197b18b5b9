import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';

describe.runIf(hasBrowser)('storage on the device', () => {
  const app = useAppInBrowser();

  test('settings say how much the device holds', async () => {
    const page = await (await app.browser.newContext()).newPage();
    await createAccount(page, app.server.url, newPerson('Counter'));
    await page.goto(`${app.server.url}/settings`);
    const section = page.getByRole('region', { name: 'Storage on this device' });
    await section.getByText(/used of .* available to Parley/).waitFor();
    expect(await section.textContent()).toMatch(/\d+(\.\d)? (bytes|kB|MB|GB) used of \d/);
    await page.context().close();
  });
});
