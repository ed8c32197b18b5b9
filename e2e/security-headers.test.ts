import { describe, expect, test } from 'vitest';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { waitUntilServiceWorkerControls } from './offline-ready.ts';

describe.runIf(hasBrowser)('the app under its security headers', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '200' });

  test('the whole app works under a policy that refuses any script it did not ship', async () => {
    const context = await app.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    const shell = await page.goto(`${app.server.url}/login`);
    const policy = shell?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(shell?.headers()['x-content-type-options']).toBe('nosniff');
    // The theme was set before the app's scripts ran, by the boot script the policy allows.
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');

    // Signing up, an answer with code coloured in the highlighting worker, the service worker:
    // any violation on the way fails this test (see useAppInBrowser).
    await createAccount(page, app.server.url, newPerson('Guarded'));
    await sendFromComposer(page, '```js\nconst safe = true;\n```');
    const answer = lastAnswer(page).and(page.locator('[data-status="done"]'));
    await answer.locator('.code-block pre span[style*="--shiki-dark"]').first().waitFor();
    await waitUntilServiceWorkerControls(page);

    // Something injected into the page is refused, and reported.
    app.allowBrowserErrors(
      'the inline script this test injects',
      /script-src-elem blocked inline code|Executing inline script violates/,
    );
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
    })()`);
    expect(await page.evaluate('window.injected')).toBeUndefined();
    await context.close();
  });
});
