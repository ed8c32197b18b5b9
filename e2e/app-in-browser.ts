import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../server/start-server.ts';
import { startAppServer } from './app-server.ts';
import { launchBrowser } from './browser.ts';

export type AppInBrowser = { browser: Browser; server: RunningServer };

/**
 * A Chromium and the app server (with `env`) for one browser suite: started before its
 * tests, closed after them. Read the fields inside tests, once `beforeAll` has run.
 */
export function useAppInBrowser(env: Record<string, string> = {}): AppInBrowser {
  const app = {} as AppInBrowser;
  beforeAll(async () => {
    [app.browser, app.server] = await Promise.all([launchBrowser(), startAppServer(env)]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
