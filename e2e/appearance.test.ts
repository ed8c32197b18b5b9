import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';

describe.runIf(hasBrowser)('appearance', () => {
  const app = useAppInBrowser();

  test('light, dark, or as the system says: applied at once and kept across reloads', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await createAccount(page, app.server.url, newPerson('Painter'));
    const theme = () => page.getAttribute('html', 'data-theme');
    const background = () =>
      page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    expect(await theme()).toBe('light');

    await page.goto(`${app.server.url}/settings`);
    const choices = page.getByRole('group', { name: 'Theme' });
    await choices.getByRole('radio', { name: 'Dark' }).check();
    expect(await theme()).toBe('dark');
    expect(await background()).toBe('rgb(23, 23, 28)');
    await page.reload();
    expect(await theme()).toBe('dark');
    expect(await choices.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await expectNoAxeViolations(page, 'settings in the dark theme');

    // System: follows the system's setting, even as it changes.
    await choices.getByRole('radio', { name: 'System' }).check();
    expect(await theme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitFor(async () => ((await theme()) === 'dark' ? true : undefined));
    expect(await background()).toBe('rgb(23, 23, 28)');
    await context.close();
  });
});
