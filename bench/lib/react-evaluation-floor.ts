import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { blockingMs } from './stats.ts';

const origin = 'http://react-floor.test';

// Evaluation's long tasks, collected from before the page's own scripts run.
const longTaskRecorder = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * The blocking time of a page that does nothing but evaluate React DOM, bundled for production
 * and loaded as a module the way the app's own scripts are, in a fresh context each run (no
 * compiled code kept): the part of a first visit's blocking time that any React page pays in
 * the same browser, whichever comes first, its paint or this.
 */
export async function reactEvaluationBlocking(browser: Browser, runs: number): Promise<number[]> {
  const bundle = await build({
    stdin: {
      contents: "import { createRoot } from 'react-dom/client'; window.__createRoot = createRoot;",
      resolveDir: process.cwd(),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const blocking: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    try {
      await context.route(`${origin}/`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><p>React</p><script type="module" src="/react.js"></script>',
        }),
      );
      await context.route(`${origin}/react.js`, (route) =>
        route.fulfill({ contentType: 'text/javascript', body: script }),
      );
      const page = await context.newPage();
      await page.addInitScript(longTaskRecorder);
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.__createRoot !== undefined');
      // A long task is reported after it ends, in a later task: wait for that report.
      const durations = (await page.evaluate(
        'new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(window.__longTasks))))',
      )) as number[];
      blocking.push(blockingMs(durations));
    } finally {
      await context.close();
    }
  }
  return blocking;
}
