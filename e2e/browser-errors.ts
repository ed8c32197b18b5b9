import type { BrowserContext, ConsoleMessage, WebError } from 'playwright-core';

/** Something a browser reported that a journey did not expect. */
export type BrowserProblem = {
  kind: 'console error' | 'uncaught error' | 'CSP violation';
  text: string;
  /** The page it happened in. */
  url: string;
  /** The script or request it came from, when the browser says. */
  source?: string | undefined;
};

/** An error a journey provokes on purpose (going offline, say), named and matched narrowly. */
export type Allowance = { because: string; matches: RegExp };

const violationPrefix = 'Content-Security-Policy violation:';

// Runs in every page before its own scripts. Chromium logs most violations to the console by
// itself; the event also names the directive and where the blocked thing came from.
const reportViolations = `document.addEventListener('securitypolicyviolation', (event) => {
  const blocked = ['inline', 'eval', 'wasm-eval'].includes(event.blockedURI)
    ? event.blockedURI + ' code' : event.blockedURI;
  const where = event.sourceFile ? ' in ' + event.sourceFile + ':' + event.lineNumber : '';
  console.error(${JSON.stringify(violationPrefix)} + ' ' + event.effectiveDirective + ' blocked ' + blocked + where);
});`;

/** What Chromium logs for each request a page makes while the network is off. */
export const offlineRequestFailure = /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/;

/** How Chromium reports a page or file that answered 404. */
export const missingResource =
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/;

/**
 * Collects console errors, uncaught exceptions and CSP violations from every page and worker of
 * the contexts it watches, for a test to fail on: `unexpected` lists what came in that neither
 * the `standing` allowances nor the current test's cover; `reset` starts the next test afresh.
 */
export function watchBrowserErrors(standing: Allowance[] = []) {
  let problems: BrowserProblem[] = [];
  let allowances: Allowance[] = [];

  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    problems.push({
      kind:
        text.startsWith(violationPrefix) || text.includes('Content Security Policy')
          ? 'CSP violation'
          : 'console error',
      text,
      url: message.page()?.url() ?? message.worker()?.url() ?? '(no page)',
      source: message.location().url || undefined,
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
    unexpected(): BrowserProblem[] {
      return problems.filter(
        (problem) =>
          ![...standing, ...allowances].some((allowance) => allowance.matches.test(problem.text)),
      );
    },
    reset(): void {
      problems = [];
      allowances = [];
    },
  };
}

/** A failure message that lists each problem with where it happened. */
export function describeProblems(problems: BrowserProblem[]): string {
  const lines = problems.map((p) => {
    const from = p.source && p.source !== p.url ? ` (from ${p.source})` : '';
    return `- ${p.kind} at ${p.url}${from}:\n    ${p.text.replace(/\n/g, '\n    ')}`;
  });
  return `The browser reported ${problems.length} unexpected error(s):\n${lines.join('\n')}`;
}
