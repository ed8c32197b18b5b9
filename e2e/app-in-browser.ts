import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../server/start-server.ts';
import { startAppServer } from './app-server.ts';
import { launchBrowser } from './browser.ts';

export type AppInBrowser = {
  browser: Browser;
  server: RunningServer;
  /**
   * A fresh browser context whose waits give up after 15 s, well inside a test's time: a step
   * that hangs fails naming what it waited for, not as a bare test timeout.
   */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
};

/**
 * A Chromium and the app server (with `env`) for one browser suite: started before its
 * tests, closed after them. Read the fields inside tests, once `beforeAll` has run.
 */
export function useAppInBrowser(env: Record<string, string> = {}): AppInBrowser {
  const app = {
    async newContext(options?: BrowserContextOptions) {
      const context = await app.browser.newContext(options);
      context.setDefaultTimeout(15_000);
      return context;
    },
  } as AppInBrowser;
  beforeAll(async () => {
    [app.browser, app.server] = await Promise.all([launchBrowser(), startAppServer(env)]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
