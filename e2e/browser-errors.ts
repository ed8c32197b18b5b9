import type { BrowserContext, ConsoleMessage, WebError } from 'playwright-core';

/** Something a browser reported that a journey did not expect. */
export type BrowserProblem = {
  kind: 'console error' | 'uncaught error' | 'CSP violation';
  text: string;
  url: string;
};

/** An error a journey provokes on purpose (going offline, say), named and matched narrowly. */
export type Allowance = { because: string; matches: RegExp };

const violationPrefix = 'Content-Security-Policy violation:';

// Runs in every page before its own scripts. Chromium logs most violations to the console by
// itself; the event also names the directive and where the blocked thing came from.
const reportViolations = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error(${JSON.stringify(violationPrefix)} + ' ' + event.effectiveDirective + ' blocked ' +
    (event.blockedURI || 'an inline script or style') + ' in ' + event.sourceFile + ':' + event.lineNumber);
});`;

/** What Chromium logs for each request a page makes while the network is off. */
export const offlineRequestFailure = /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/;

/**
 * Collects console errors, uncaught exceptions and CSP violations from every page and worker of
 * the contexts it watches, for a test to fail on. `take` hands over what came in since the last
 * call, less what the `standing` allowances and the current test's allowances cover, and forgets
 * the current test's allowances.
 */
export function watchBrowserErrors(standing: Allowance[] = []) {
  let problems: BrowserProblem[] = [];
  let allowances: Allowance[] = [];

  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const where = message.location().url || message.page()?.url() || '(no page)';
    problems.push({
      kind: text.startsWith(violationPrefix) ? 'CSP violation' : 'console error',
      text,
      url: where,
    });
  };
  const onError = (error: WebError) => {
    const thrown = error.error();
    problems.push({
      kind: 'uncaught error',
      text: thrown.stack ?? thrown.message,
      url: error.page()?.url() ?? '(no page)',
    });
  };

  return {
    async watch(context: BrowserContext): Promise<void> {
      await context.addInitScript(reportViolations);
      context.on('console', onConsole);
      context.on('weberror', onError);
    },
    /** Lets errors matching `matches` pass for the rest of the current test, naming why. */
    allow(because: string, matches: RegExp): void {
      allowances.push({ because, matches });
    },
    take(): BrowserProblem[] {
      const unexpected = problems.filter(
        (problem) =>
          ![...standing, ...allowances].some((allowance) => allowance.matches.test(problem.text)),
      );
      problems = [];
      allowances = [];
      return unexpected;
    },
  };
}

/** A failure message that lists each problem with where it happened. */
export function describeProblems(problems: BrowserProblem[]): string {
  const lines = problems.map(
    (p) => `- ${p.kind} at ${p.url}:\n    ${p.text.replace(/\n/g, '\n    ')}`,
  );
  return `The browser reported ${problems.length} unexpected error(s):\n${lines.join('\n')}`;
}
