import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { clientBuildFolder } from '../server/project-paths.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { hasSharedStores } from '../server/testing/services.ts';
import { startWranglerDev, type WranglerDev } from '../server/testing/wrangler-dev.ts';
import { useBrowserErrorWatch } from './app-in-browser.ts';
import type { JourneyTarget } from './app-journeys.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { buildClient } from './build-client.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

/** Whether the Worker's suites can run here: a browser, Postgres and Redis (in CI, a must). */
export const canRunWorker = hasBrowser && hasSharedStores();

export type WorkerInBrowser = JourneyTarget & {
  browser: Browser;
  worker: WranglerDev;
  openRouter: FakeOpenRouter;
};

/**
 * A Chromium, a fake OpenRouter and the Worker under `wrangler dev` (one instance, slow to
 * start, for the whole suite, with `env` as its variables): the Worker's counterpart of
 * `useAppInBrowser`, every context it makes watched for errors. Read the fields inside tests.
 */
export function useWorkerInBrowser(env: Record<string, string> = {}): WorkerInBrowser {
  const watcher = useBrowserErrorWatch();
  const app = {
    get url() {
      return app.worker.url;
    },
    async newContext(options?: BrowserContextOptions): Promise<BrowserContext> {
      const context = await app.browser.newContext(options);
      context.setDefaultTimeout(20_000);
      await watcher.watch(context);
      return context;
    },
    allowBrowserErrors: watcher.allowBrowserErrors,
  } as WorkerInBrowser;
  beforeAll(async () => {
    // The Worker serves dist/client as its static assets: built once if it is not there.
    if (!existsSync(join(clientBuildFolder, 'index.html')))
      await buildClient(clientBuildFolder, 'workers');
    app.openRouter = await startFakeOpenRouter();
    [app.browser, app.worker] = await Promise.all([
      launchBrowser(),
      startWranglerDev({
        adminDatabaseUrl: databaseUrl ?? '',
        redisUrl: redisUrl ?? '',
        env: { OPENROUTER_BASE_URL: app.openRouter.baseUrl, ...env },
      }),
    ]);
  }, 240_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.worker?.close();
    await app.openRouter?.close();
  });
  return app;
}
