import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { clientBuildFolder } from '../server/project-paths.ts';
import { startAppServer } from '../server/testing/app-server.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import { hasBrowser, launchPersistentBrowser } from './browser.ts';
import { buildClient } from './build-client.ts';
import { goOffline, waitUntilServiceWorkerControls } from './offline-ready.ts';

const Manifest = {
  parse(value: unknown) {
    return value as {
      name: string;
      short_name: string;
      display: string;
      start_url: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
  },
};

describe.runIf(hasBrowser)('the installable app', () => {
  const app = useAppInBrowser();

  test('has a complete manifest and Chromium finds nothing stopping its installation', async () => {
    const response = await fetch(`${app.server.url}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    const manifest = Manifest.parse(await response.json());
    expect(manifest).toMatchObject({
      name: 'Parley',
      short_name: 'Parley',
      display: 'standalone',
      start_url: '/',
    });
    expect(manifest.theme_color).toMatch(/^#/);
    expect(manifest.background_color).toMatch(/^#/);
    const sizes = manifest.icons.map((icon) => `${icon.sizes}:${icon.purpose ?? 'any'}`);
    expect(sizes).toEqual(
      expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']),
    );
    for (const icon of manifest.icons) {
      const image = await fetch(`${app.server.url}${icon.src}`);
      expect(image.headers.get('content-type')).toBe('image/png');
    }

    // Chromium does not offer installation in incognito, which a fresh context is.
    const context = await launchPersistentBrowser(mkdtempSync(join(tmpdir(), 'parley-pwa-')));
    await app.watch(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(app.server.url);
    await waitUntilServiceWorkerControls(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    await context.close();
  });

  test('after the first load the shell answers app routes with no network, and /api is never cached', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto(app.server.url);
    await goOffline(app, page);
    await page.goto(`${app.server.url}/c/some-conversation`);
    await page.locator('#root').waitFor({ state: 'attached' });
    expect(await page.title()).toMatch(/Parley/);
    const cached = (await page.evaluate(`(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    })()`)) as string[];
    expect(cached.some((url) => new URL(url).pathname === '/index.html')).toBe(true);
    expect(cached.filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    await context.close();
  });

  test('a new deployment brings up "Update available", and accepting it loads the new version', async () => {
    // The deployment folder starts as a copy of the build, so it can be replaced in place.
    const deployed = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
    cpSync(clientBuildFolder, deployed, { recursive: true });
    const server = await startAppServer({}, deployed);
    const context = await app.newContext();
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await waitUntilServiceWorkerControls(page);
      const firstBuild = await page.getAttribute('html', 'data-build');

      const next = mkdtempSync(join(tmpdir(), 'parley-next-'));
      await buildClient(next, 'second-deployment');
      rmSync(deployed, { recursive: true, force: true });
      cpSync(next, deployed, { recursive: true });

      // The next load still runs the version it started with, and offers the new one.
      await page.reload();
      await page.getByRole('alert').filter({ hasText: 'Update available' }).waitFor();
      expect(await page.getAttribute('html', 'data-build')).toBe(firstBuild);
      await page.getByRole('button', { name: 'Reload to update' }).click();
      await waitFor(
        async () =>
          (await page.getAttribute('html', 'data-build').catch(() => null)) === 'second-deployment'
            ? true
            : undefined,
        { what: 'the page to run the second deployment' },
      );
    } finally {
      await context.close();
      await server.close();
    }
  }, 90_000);
});
