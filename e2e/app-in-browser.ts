import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { user } from '../server/db/auth-schema.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startAppServer } from '../server/testing/app-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { launchBrowser } from './browser.ts';
import { describeProblems, watchBrowserErrors } from './browser-errors.ts';
import { createAccount, newPerson } from './journeys.ts';

export type AppInBrowser = {
  browser: Browser;
  server: RunningServer;
  /** The server's URL: with the two below, what a journey of ./app-journeys.ts runs against. */
  readonly url: string;
  /**
   * A fresh browser context whose waits give up after 15 s, well inside a test's time: a step
   * that hangs fails naming what it waited for, not as a bare test timeout.
   */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Watches a context made elsewhere (a persistent profile) as `newContext` watches its own. */
  watch(context: BrowserContext): Promise<void>;
  /**
   * Lets browser errors matching `matches` pass for the rest of this test, and only those: for
   * an error the test provokes on purpose, named by `because`.
   */
  allowBrowserErrors(because: string, matches: RegExp): void;
};

/**
 * Watches browser contexts for the tests of one suite: a console error, an uncaught exception or
 * a Content-Security-Policy violation in any page or worker fails the test it happened in
 * (after the test, which closes the contexts it left open), unless the test allowed that very
 * error by name. `useAppInBrowser` watches every context it makes; a suite that launches its
 * own browser watches its contexts with this.
 */
export function useBrowserErrorWatch(): Pick<AppInBrowser, 'watch' | 'allowBrowserErrors'> {
  const errors = watchBrowserErrors();
  let opened: BrowserContext[] = [];
  afterEach(async () => {
    // Closed first, so nothing a page does after the test counts against the next one.
    await Promise.all(opened.map((context) => context.close()));
    opened = [];
    const problems = errors.unexpected();
    errors.reset();
    if (problems.length > 0) throw new Error(describeProblems(problems));
  });
  return {
    async watch(context: BrowserContext) {
      opened.push(context);
      await errors.watch(context);
    },
    allowBrowserErrors: errors.allow,
  };
}

/**
 * A Chromium and the app server (with `env`, read when the suite starts) for one browser suite:
 * started before its tests, closed after them. Read the fields inside tests, once `beforeAll`
 * has run. Every context it makes is watched for errors (see `useBrowserErrorWatch`). `now` is
 * the clock the server's limits count by.
 */
export function useAppInBrowser(
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: { now?: () => number } = {},
): AppInBrowser {
  const watcher = useBrowserErrorWatch();
  const app = {
    get url() {
      return app.server.url;
    },
    async newContext(options?: BrowserContextOptions) {
      const context = await app.browser.newContext(options);
      context.setDefaultTimeout(15_000);
      await watcher.watch(context);
      return context;
    },
    ...watcher,
  } as AppInBrowser;
  beforeAll(async () => {
    const serverEnv = typeof env === 'function' ? env() : env;
    [app.browser, app.server] = await Promise.all([
      launchBrowser(),
      startAppServer(serverEnv, undefined, options.now),
    ]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

export type AppOnFakeOpenRouter = AppInBrowser & { openRouter: FakeOpenRouter };

/**
 * `useAppInBrowser` with the fake OpenRouter started first and the app's provider pointed at
 * it: for journeys that script what the models answer and read what they were asked.
 */
export function useAppOnFakeOpenRouter(
  env: Record<string, string> = {},
  options: { now?: () => number } = {},
): AppOnFakeOpenRouter {
  beforeAll(async () => {
    app.openRouter = await startFakeOpenRouter();
  });
  const app = useAppInBrowser(
    () => ({ OPENROUTER_BASE_URL: app.openRouter.baseUrl, ...env }),
    options,
  ) as AppOnFakeOpenRouter;
  // Registered last, so it runs after the app has closed.
  afterAll(async () => {
    await app.openRouter?.close();
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
