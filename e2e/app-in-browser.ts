import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { user } from '../server/db/auth-schema.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startAppServer } from '../server/testing/app-server.ts';
import { launchBrowser } from './browser.ts';
import { createAccount, newPerson } from './journeys.ts';

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

/**
 * A new person signed up in a fresh browser context, with their user id, for tests that seed
 * rows for them straight into the app's database.
 */
export async function signedUpInBrowser(
  app: AppInBrowser,
  name: string,
): Promise<{ context: BrowserContext; page: Page; userId: string }> {
  const context = await app.newContext();
  const page = await context.newPage();
  const person = newPerson(name);
  await createAccount(page, app.server.url, person);
  const [account] = await app.server.database.db
    .select({ id: user.id })
    .from(user)
    .where(eq(user.email, person.email));
  if (!account) throw new Error('the account was not created');
  return { context, page, userId: account.id };
}
