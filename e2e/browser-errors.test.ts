import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { hasBrowser, launchBrowser } from './browser.ts';
import { type BrowserProblem, describeProblems, watchBrowserErrors } from './browser-errors.ts';

// A page of its own, served by the browser itself, under a policy that allows no inline script.
const pageUrl = 'http://watched.test/page';
const page = {
  status: 200,
  contentType: 'text/html',
  headers: { 'content-security-policy': "script-src 'self'" },
  body: '<!doctype html><title>Watched</title><p>Watched</p>',
};

describe.runIf(hasBrowser)('what a journey watches for in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  async function watchedPage(watcher: ReturnType<typeof watchBrowserErrors>) {
    const context = await browser.newContext();
    await watcher.watch(context);
    await context.route(pageUrl, (route) => route.fulfill(page));
    const tab = await context.newPage();
    await tab.goto(pageUrl);
    return { context, tab };
  }

  const until = (watcher: ReturnType<typeof watchBrowserErrors>, count: number) =>
    waitFor(() => (watcher.unexpected().length >= count ? watcher.unexpected() : undefined), {
      what: `${count} problem(s) reported`,
    });

  test('a console error, an uncaught exception and a CSP violation are each reported with their page', async () => {
    const watcher = watchBrowserErrors();
    const { context, tab } = await watchedPage(watcher);
    await tab.evaluate(`(() => {
      console.error('written to the console');
      setTimeout(() => { throw new Error('thrown in the page'); });
      const script = document.createElement('script');
      script.textContent = 'window.ranInline = true';
      document.head.append(script);
    })()`);
    // Two lines about the one violation: Chromium's own, and the event's.
    const problems: BrowserProblem[] = await until(watcher, 4);
    const kinds = (kind: BrowserProblem['kind']) =>
      problems.filter((problem) => problem.kind === kind).map((problem) => problem.text);
    expect(kinds('console error')).toContain('written to the console');
    expect(kinds('uncaught error').join('\n')).toContain('thrown in the page');
    expect(kinds('CSP violation')).toContainEqual(
      expect.stringMatching(
        /^Content-Security-Policy violation: script-src-elem blocked inline code/,
      ),
    );
    expect(kinds('CSP violation')).toContainEqual(
      expect.stringMatching(/violates the following Content Security Policy directive/),
    );
    expect(problems.every((problem) => problem.url === pageUrl)).toBe(true);
    expect(describeProblems(problems)).toContain(`uncaught error at ${pageUrl}`);
    expect(await tab.evaluate('window.ranInline')).toBeUndefined();
    await context.close();
  });

  test('an allowance lets through only what it matches, until the next test', async () => {
    const standing = { because: 'known', matches: /^known noise$/ };
    const watcher = watchBrowserErrors([standing]);
    const { context, tab } = await watchedPage(watcher);
    watcher.allow('this test provokes it', /^provoked$/);
    await tab.evaluate(
      `console.error('known noise'); console.error('provoked'); console.error('a surprise')`,
    );
    const problems = await until(watcher, 1);
    expect(problems.map((problem) => problem.text)).toEqual(['a surprise']);

    watcher.reset();
    await tab.evaluate(`console.error('known noise'); console.error('provoked')`);
    const next = await until(watcher, 1);
    expect(next.map((problem) => problem.text)).toEqual(['provoked']);
    await context.close();
  });
});
