import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../e2e/browser.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { reactEvaluationBlocking } from './lib/react-evaluation-floor.ts';
import type { Figure } from './lib/results.ts';
import { blockingMs, percentile, round } from './lib/stats.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// Seven, not three: on a shared virtual machine one visit in three can block for a tenth of a
// second more than the others, and a median of three then follows it.
const firstVisitRuns = 7;

type Asset = { path: string; bytes: number; gzBytes: number };

/**
 * What a first visit downloads before it can paint: the scripts and style sheets `index.html`
 * names, and the chunks those scripts import statically (followed transitively), gzipped one
 * by one at level 9. Dynamic `import()` targets load later, so they are left out. The built
 * files are parsed rather than a manifest read: the build writes none (vite.config.ts).
 */
export async function benchBundle(clientDir = 'dist/client'): Promise<Figure[]> {
  const root = resolve(repoRoot, clientDir);
  const firstVisit = await loadedFiles(root, htmlEntries(root));
  // The first visit's files are walked once: the signed-in chunk adds only what it imports.
  const signedIn = [
    ...new Set([...firstVisit, ...(await loadedFiles(root, [signedInAppChunk(root)]))]),
  ];
  const firstVisitSize = printAssets(
    `Initial files (before first paint), largest first, from ${clientDir}:`,
    root,
    firstVisit,
  );
  const signedInSize = printAssets(
    "A remembered user's files before the conversation list paints (the above and the signed-in app):",
    root,
    signedIn,
  );
  return [
    {
      metric: 'bundle.initial_kb_gz',
      value: round(firstVisitSize.gz),
      note: `first visit (the sign-in page); ${round(firstVisitSize.raw)} KB before gzip; largest: ${firstVisitSize.largest}`,
    },
    { metric: 'bundle.initial_files', value: firstVisit.length, note: 'JS and CSS' },
    {
      metric: 'bundle.signed_in_kb_gz',
      value: round(signedInSize.gz),
      note: `a remembered user's first paint of their list; largest: ${signedInSize.largest}`,
    },
  ];
}

/** Prints each file's size, largest first; returns the totals in KB and the largest three. */
function printAssets(title: string, root: string, paths: string[]) {
  const assets = paths
    .map((path) => measureAsset(root, path))
    .sort((a, b) => b.gzBytes - a.gzBytes);
  console.log(`\n${title}`);
  for (const asset of assets) {
    const gz = `${round(asset.gzBytes / 1024)} KB gz`.padStart(11);
    console.log(`  ${gz}  ${`${round(asset.bytes / 1024)} KB`.padStart(9)}  ${asset.path}`);
  }
  const largest = assets
    .slice(0, 3)
    .map((asset) => `${asset.path} ${round(asset.gzBytes / 1024)}`)
    .join(', ');
  return {
    gz: assets.reduce((sum, asset) => sum + asset.gzBytes, 0) / 1024,
    raw: assets.reduce((sum, asset) => sum + asset.bytes, 0) / 1024,
    largest,
  };
}

/**
 * The signed-in app's chunk (client/shell/load-signed-in-app.ts), which a remembered user
 * loads before their list can paint; found by the name Vite gives it.
 */
function signedInAppChunk(root: string): string {
  const name = readdirSync(join(root, 'assets')).find((file) =>
    /^signed-in-app-.*\.js$/.test(file),
  );
  if (!name) throw new Error(`no signed-in-app chunk in ${root}/assets: was the split undone?`);
  return `/assets/${name}`;
}

/**
 * First Contentful Paint and Total Blocking Time of a cold first visit, median of seven, on
 * loopback with no throttling. Lighthouse would measure the same two, but it adds a large tree
 * to `npm ci` and one of its dependencies resolves another at "latest", which breaks `npm ci`
 * whenever that one publishes; so Chromium's own Performance API is read instead: the `paint`
 * entry for FCP, and for TBT the `longtask` entries after FCP, each counted beyond 50 ms, until
 * the network is quiet. `url` is the page to measure; by default `/` of the real server on the
 * built client, which for a signed-out visitor is the sign-in page (what a first visit paints).
 */
export async function benchFirstVisit(url?: string): Promise<Figure[]> {
  if (url) return firstVisitFigures(url);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  let server: ChildServer | undefined;
  try {
    server = await startChildServer(
      {
        DATA_DIR: dataDir,
        ...benchSecrets,
      },
      'build',
    );
    return await firstVisitFigures(`${server.url}/`);
  } finally {
    if (server) await killChild(server.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Files are named by their URL path on a made-up origin, so `/assets/x.js` from the HTML and
// `./x.js` from a chunk resolve the way the browser resolves them.
const origin = 'http://client.invalid';

/** The site paths of the files `index.html` makes the browser fetch before it paints. */
function htmlEntries(clientDir: string): string[] {
  const html = readFileSync(join(clientDir, 'index.html'), 'utf8');
  return htmlReferences(html).flatMap((ref) => sitePath(ref, '/index.html'));
}

/** The site paths of `entries` and every chunk they import statically, transitively. */
async function loadedFiles(clientDir: string, entries: string[]): Promise<string[]> {
  const pending = [...entries];
  const seen = new Set<string>();
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    if (!path.endsWith('.js')) continue;
    const imports = await staticImports(readFileSync(join(clientDir, path), 'utf8'));
    pending.push(...imports.flatMap((ref) => sitePath(ref, path)));
  }
  return [...seen];
}

/** `ref` as a path on this site, seen from `fromPath`; nothing for another origin's file. */
function sitePath(ref: string, fromPath: string): string[] {
  const url = new URL(ref, `${origin}${fromPath}`);
  return url.origin === origin ? [decodeURIComponent(url.pathname)] : [];
}

/**
 * The scripts and style sheets the shell makes the browser fetch before it paints: `<script
 * src>`, `<link rel="stylesheet">` and `<link rel="modulepreload">`. Vite's output is regular
 * enough for a tag pattern; comments are dropped first so a commented-out tag does not count.
 */
function htmlReferences(html: string): string[] {
  const refs: string[] = [];
  const live = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const [, tag = '', attributeText = ''] of live.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attributes = parseAttributes(attributeText);
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const src = attributes.get('src');
    const href = attributes.get('href');
    if (tag.toLowerCase() === 'script' && src) refs.push(src);
    if (href && (rel.includes('stylesheet') || rel.includes('modulepreload'))) refs.push(href);
  }
  return refs;
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const [, name = '', double, single, bare] of text.matchAll(pattern)) {
    attributes.set(name.toLowerCase(), double ?? single ?? bare ?? '');
  }
  return attributes;
}

/**
 * The specifiers of a chunk's `import … from` and `export … from` statements, found by a real
 * parser (Vite's own, oxc) so that strings and `import()` calls in minified code never count.
 */
async function staticImports(code: string): Promise<string[]> {
  const { parseSync } = await import('vite');
  const { module } = parseSync('chunk.js', code);
  return [
    ...module.staticImports.map((entry) => entry.moduleRequest.value),
    ...module.staticExports.flatMap((entry) =>
      entry.entries.flatMap((item) => (item.moduleRequest ? [item.moduleRequest.value] : [])),
    ),
  ];
}

function measureAsset(clientDir: string, path: string): Asset {
  const content = readFileSync(join(clientDir, path));
  return {
    path: relative('/', path),
    bytes: content.length,
    gzBytes: gzipSync(content, { level: 9 }).length,
  };
}

// Installed before the page's own scripts: collects paints and long tasks as they happen, and
// when the page's heading (the sign-in page's "Welcome back") is painted. Element Timing only
// reports elements marked before they paint, so the heading is marked as it is added.
const vitalsRecorder = `
  window.__vitals = { fcp: null, heading: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') window.__vitals.fcp = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === 'page-heading') window.__vitals.heading ??= entry.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
  new MutationObserver(() => {
    const heading = document.querySelector('main h1');
    if (heading && !heading.hasAttribute('elementtiming')) {
      heading.setAttribute('elementtiming', 'page-heading');
    }
  }).observe(document, { subtree: true, childList: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__vitals.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
`;

type Vitals = {
  fcp: number | null;
  heading: number | null;
  longTasks: { start: number; duration: number }[];
};

/** Cold visits (a fresh context each: no cache, no service worker), medians of the runs. */
async function firstVisitFigures(url: string): Promise<Figure[]> {
  const browser = await launchBrowser();
  const fcps: number[] = [];
  const tbts: number[] = [];
  const headings: number[] = [];
  let reactBlocking: number[] = [];
  let page = '?';
  try {
    for (let i = 0; i < firstVisitRuns; i++) {
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        await tab.addInitScript(vitalsRecorder);
        await tab.goto(url, { waitUntil: 'networkidle' });
        page = new URL(tab.url()).pathname;
        const vitals = (await tab.evaluate('window.__vitals')) as Vitals;
        if (vitals.fcp === null) throw new Error(`no first contentful paint on ${url}`);
        const fcp = vitals.fcp;
        fcps.push(fcp);
        if (vitals.heading === null) throw new Error(`no page heading painted on ${url}`);
        headings.push(vitals.heading);
        tbts.push(
          blockingMs(
            vitals.longTasks.filter((task) => task.start >= fcp).map((task) => task.duration),
          ),
        );
      } finally {
        await context.close();
      }
    }
    reactBlocking = await reactEvaluationBlocking(browser, firstVisitRuns);
  } finally {
    await browser.close();
  }
  const asked = new URL(url).pathname;
  const which = page === asked ? page : `${asked} → ${page}`;
  return [
    {
      metric: 'web.fcp_ms',
      value: round(percentile(fcps, 50), 0),
      note: `cold visit to ${which}, median of ${fcps.length}: ${fcps.map((v) => round(v, 0)).join('/')}; the name on the start screen, painted before scripts run`,
    },
    {
      metric: 'web.page_heading_ms',
      value: round(percentile(headings, 50), 0),
      note: `the page itself (its heading) painted: ${headings.map((v) => round(v, 0)).join('/')}`,
    },
    {
      metric: 'web.tbt_ms',
      value: round(percentile(tbts, 50), 0),
      note: `runs ${tbts.map((v) => round(v, 0)).join('/')}`,
    },
    {
      metric: 'web.tbt_floor_ms',
      value: round(percentile(reactBlocking, 50), 0),
      note: `a page that only evaluates React DOM (the long task every React page starts with): ${reactBlocking.map((v) => round(v, 0)).join('/')}`,
    },
  ];
}
