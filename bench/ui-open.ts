import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentBrowser } from '../e2e/browser.ts';
import { signIn } from '../e2e/journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from '../e2e/offline-ready.ts';
import type { Database } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { seedConversations, seedLongConversation } from '../server/testing/seed-rows.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { withOfflineFloorPage } from './lib/offline-floor-page.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

export type UiOpenOptions = {
  /** Postgres for the server, which this benchmark also seeds directly (required). */
  databaseUrl?: string | undefined;
};

// What the device holds: the conversations the rounds use, plus old ones up to these totals.
const totalConversations = 1000;
const totalMessages = 20_000;
const longConversation = { id: 'long-chat', title: '2000 messages', count: 2000 };
const switchConversations = [1, 2, 3, 4].map((n) => ({
  id: `switch-${n}`,
  title: `Switch ${n}`,
  count: 50,
}));
const switchConversation = (i: number) =>
  switchConversations[i % switchConversations.length] as (typeof switchConversations)[number];
const echoConversation = { id: 'echo-chat', title: 'Echo', count: 2 };

// Enough sends and switches that a p95 is not the second-worst of a few: about one in ten
// misses a frame, so a p95 of 30 would move by a frame from run to run. Switches not a multiple
// of 4: the last must leave the page on another conversation than the long opens start from.
const rounds = { echo: 60, switches: 102, longOpens: 10, offlineBoots: 30 };
/** How long one measured interaction may take before the round fails rather than hangs. */
const paintTimeoutMs = 10_000;

// Installed in every document the page opens. `__boot` notes when the conversation list is
// first painted, in ms from navigation start. `__watch(type, target)` arms one measurement:
// from the next `type` event (its timeStamp, on the same clock as performance.now()) to the
// animation frame that paints `target` (the first frame whose DOM has it, read in that frame's
// rAF callback as the house paintRecorder does). A target with `visible` must also lie inside
// its scroller: a virtualised list can mount a row before it scrolls it into view, so while
// the row is only mounted, every frame is checked.
export const pageTimers = `
  window.__boot = undefined;
  const bootObserver = new MutationObserver(() => {
    if (!document.querySelector('nav[aria-label="Conversations"] a')) return;
    bootObserver.disconnect();
    requestAnimationFrame(() => { window.__boot = performance.now(); });
  });
  bootObserver.observe(document, { subtree: true, childList: true });

  const shown = (target) => {
    const candidates = document.querySelectorAll(target.selector);
    for (const element of candidates) {
      if (target.text && !element.textContent.includes(target.text)) continue;
      if (!target.visible) return 'painted';
      const box = element.getBoundingClientRect();
      const frame = (element.closest('.chat-scroll') ?? document.documentElement)
        .getBoundingClientRect();
      if (box.height > 0 && box.bottom > frame.top && box.top < frame.bottom) return 'painted';
    }
    return candidates.length > 0 ? 'mounted' : 'absent';
  };

  window.__watch = (type, target) => {
    window.__watched = new Promise((resolve, reject) => {
      let startedAt;
      let frameRequested = false;
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(type + ' → ' + JSON.stringify(target) + ' not painted in time'));
      }, ${paintTimeoutMs});
      const inFrame = () => {
        frameRequested = false;
        if (startedAt === undefined) return;
        const state = shown(target);
        if (state === 'painted') {
          observer.disconnect();
          clearTimeout(timer);
          const rows = document.querySelectorAll('article[data-message-id]').length;
          resolve({ ms: performance.now() - startedAt, rows });
        } else if (state === 'mounted') {
          frameRequested = true;
          requestAnimationFrame(inFrame);
        }
      };
      const observer = new MutationObserver(() => {
        if (frameRequested) return;
        frameRequested = true;
        requestAnimationFrame(inFrame);
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
      document.addEventListener(type, (event) => { startedAt = event.timeStamp; },
        { capture: true, once: true });
    });
  };
`;

type Target = { selector: string; text?: string; visible?: boolean };
export type Painted = { ms: number; rows: number };

/**
 * How fast the app feels on a device that holds a large history: sending a message, switching
 * conversations, opening a 2,000-message one, and starting offline. A real Chromium with a
 * profile on disk (a fresh context keeps IndexedDB in memory, which flatters cold starts)
 * against the real server in a child process; every time is taken inside the page.
 */
export async function benchUiOpen(options: UiOpenOptions): Promise<Figure[]> {
  const { databaseUrl } = options;
  // 20,000 rows are written straight into the server's database; the embedded PGlite belongs
  // to the child process, and seeding that many through push would start an answer per message.
  if (!databaseUrl) throw new Error('the UI open benchmark needs Postgres (databaseUrl)');
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-profile-'));
  let server: ChildServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startChildServer(
      {
        DATA_DIR: dataDir,
        ...benchSecrets,
        DATABASE_URL: databaseUrl,
        // The demo model echoes the message; fast, so the next round is not held up by Stop.
        DEMO_WORDS_PER_SECOND: '1000',
      },
      'build',
    );
    const { url } = server;
    const account = await signUp(url, 'Bench');
    const lastSeeded = await seedHistory(databaseUrl, account.userId);

    browser = await launchPersistentBrowser(profile);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.addInitScript(pageTimers);
    await signIn(page, url, { name: 'Bench', ...account });
    await waitUntilOnDevice(page, lastSeeded);

    // Offline first, while the device holds exactly the seeded history.
    const boots = await measureOfflineBoots(browser, page, rounds.offlineBoots);
    const echoes = await measureEchoes(page, url, rounds.echo);
    const switches = await measureSwitches(page, rounds.switches);
    const longOpens = await measureLongOpens(page, rounds.longOpens);
    const context = browser;
    const floors = {
      ...(await measureFloors(context, rounds.echo)),
      // The same reloads, of a page with no app.
      boots: await withOfflineFloorPage(context, pageTimers, (tab) =>
        measureOfflineBoots(context, tab, rounds.offlineBoots),
      ),
    };
    return figures({ boots, echoes, switches, longOpens, floors });
  } finally {
    await browser?.close();
    if (server) await killChild(server.process);
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function figures(measured: {
  boots: number[];
  echoes: number[];
  switches: number[];
  longOpens: { ms: number[]; rowsMounted: number };
  floors: { keys: number[]; clicks: number[]; boots: number[] };
}): Figure[] {
  const { boots, echoes, switches, longOpens, floors } = measured;
  const p50 = (samples: number[]) => `p50 ${round(percentile(samples, 50))} ms`;
  const count = (n: number) => n.toLocaleString('en-US');
  return [
    {
      metric: 'echo.p95_ms',
      value: round(percentile(echoes, 95)),
      note: `Enter → own message painted, ${echoes.length} sends, ${p50(echoes)}`,
    },
    {
      metric: 'echo.floor_p95_ms',
      value: round(percentile(floors.keys, 95)),
      note: `the same on a page with no app, its keydown appending the message, ${p50(floors.keys)}`,
    },
    {
      metric: 'switch.p95_ms',
      value: round(percentile(switches, 95)),
      note: `${switches.length} clicks among ${switchConversations.length} × 50 messages, ${p50(switches)}`,
    },
    {
      metric: 'switch.floor_p95_ms',
      value: round(percentile(floors.clicks, 95)),
      note: `a click on a page with no app, its handler replacing the content, ${p50(floors.clicks)}`,
    },
    {
      metric: 'open_long.ms',
      value: round(percentile(longOpens.ms, 50)),
      note: `median of ${longOpens.ms.length} opens, ${count(longConversation.count)} messages`,
    },
    {
      metric: 'open_long.rows_mounted',
      value: longOpens.rowsMounted,
      note: 'most seen, as painted and once settled',
    },
    {
      metric: 'boot.offline_list_ms',
      value: round(percentile(boots, 50)),
      note: `${boots.length} offline reloads, ${count(totalConversations)} conversations and ${count(totalMessages)} messages on the device`,
    },
    {
      metric: 'boot.floor_ms',
      value: round(percentile(floors.boots, 50)),
      note: `an offline reload of a page with no app (its list in the HTML, from a service worker's cache), ${floors.boots.length} reloads`,
    },
  ];
}

/**
 * Writes the whole history straight into the database: the conversations the rounds use, and
 * old conversations up to `totalConversations` and `totalMessages`. Returns the id of the last
 * message written, which tells when the device has it all.
 */
async function seedHistory(databaseUrl: string, userId: string): Promise<string> {
  const { db, close } = await openDatabase({ url: databaseUrl });
  try {
    return await seedRounds(db, userId);
  } finally {
    await close();
  }
}

async function seedRounds(db: Database, userId: string): Promise<string> {
  await seedLongConversation(db, userId, longConversation.id, longConversation.count);
  const now = Date.now();
  const recent = [echoConversation, ...switchConversations].map((c, i) => ({
    ...c,
    updatedAt: now - (i + 1) * 1000,
  }));
  const oldCount = totalConversations - 1 - recent.length;
  const oldMessages =
    totalMessages - longConversation.count - recent.reduce((sum, c) => sum + c.count, 0);
  const day = 24 * 60 * 60 * 1000;
  // Spread over three months, so the list has every age group; messages as evenly as whole
  // numbers allow.
  const old = Array.from({ length: oldCount }, (_, i) => ({
    id: `old-${i}`,
    title: `Old chat ${i}`,
    count:
      Math.floor(((i + 1) * oldMessages) / oldCount) - Math.floor((i * oldMessages) / oldCount),
    updatedAt: now - day * (1 + (90 * i) / oldCount),
  }));
  const everything = [...recent, ...old];
  await seedConversations(db, userId, everything);
  const last = everything.at(-1);
  return `${last?.id}-${(last?.count ?? 0) - 1}`;
}

/**
 * Waits until the first pull has brought the history and Replicache has written it to
 * IndexedDB, and until the service worker holds the shell: from then on the app starts offline.
 */
async function waitUntilOnDevice(page: Page, lastMessageId: string) {
  // The first pull of 20,000 rows takes a while; the list shows it once it has landed.
  await sidebarLink(page, longConversation.id).waitFor({ timeout: 60_000 });
  await waitUntilStoredLocally(page, { id: lastMessageId });
  await waitUntilServiceWorkerControls(page);
}

/** Reloads with no network until the list shows: ms from navigation start, one per reload. */
async function measureOfflineBoots(
  browser: BrowserContext,
  page: Page,
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  await browser.setOffline(true);
  try {
    for (let i = 0; i < count; i++) {
      await page.reload();
      // Polled with evaluate: waitForFunction runs its predicate through eval, which the app's
      // Content-Security-Policy refuses. The time is the page's own record, not the poll's.
      const painted = await waitFor(
        async () => ((await page.evaluate('window.__boot')) as number | undefined) ?? undefined,
        { timeoutMs: paintTimeoutMs, what: 'the list to paint offline' },
      );
      times.push(painted);
    }
  } finally {
    await browser.setOffline(false);
  }
  return times;
}

/**
 * Sends messages in one conversation: Enter's keydown to the frame that paints the person's
 * own message. Each round waits for the echo to finish, as Send is Stop until then.
 */
async function measureEchoes(page: Page, url: string, count: number): Promise<number[]> {
  await page.goto(`${url}/c/${echoConversation.id}`);
  // The textbox labelled Message, by CSS: a role query walks the whole page (as sidebarLink says).
  const composer = page.locator('textarea[aria-label="Message"]');
  const times: number[] = [];
  // One round more than counted: the first send loads code (the answer's Markdown) that later
  // ones find ready.
  for (let i = 0; i <= count; i++) {
    // "Round 1 of 31" is no part of "Round 11 of 31", so each round finds only its own message.
    const text = `Round ${i} of ${count + 1}`;
    await composer.fill(text);
    await settle(page);
    const painted = await measure(
      page,
      'keydown',
      { selector: 'article[data-role="user"]', text },
      () => composer.press('Enter'),
    );
    if (i > 0) times.push(painted.ms);
    await page
      .locator('article[data-role="assistant"][data-status="done"]', { hasText: text })
      .waitFor();
  }
  return times;
}

// The least an input takes to paint in this browser: a page with no app whose
// keydown and click handlers add the element the watch waits for.
const floorPage = `
  <textarea aria-label="Message"></textarea><button>Open</button><main></main>
  <script>
    const main = document.querySelector('main');
    const textarea = document.querySelector('textarea');
    textarea.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      const article = document.createElement('article');
      article.dataset.role = 'user';
      article.textContent = textarea.value;
      main.append(article);
    });
    let opened = 0;
    document.querySelector('button').addEventListener('click', () => {
      const article = document.createElement('article');
      article.dataset.messageId = 'floor-' + opened++;
      article.textContent = 'Opened';
      main.replaceChildren(article);
    });
  </script>
`;

/** The floors of the echo and the switch: the same rounds, watched the same way, on `floorPage`. */
async function measureFloors(browser: BrowserContext, count: number) {
  const page = await browser.newPage();
  try {
    await page.setContent(floorPage);
    await page.addScriptTag({ content: pageTimers });
    const textarea = page.locator('textarea');
    const keys: number[] = [];
    const clicks: number[] = [];
    for (let i = 0; i <= count; i++) {
      const text = `Round ${i} of ${count + 1}`;
      await textarea.fill(text);
      await settle(page);
      const echoed = await measure(
        page,
        'keydown',
        { selector: 'article[data-role="user"]', text },
        () => textarea.press('Enter'),
      );
      await settle(page);
      const opened = { selector: `article[data-message-id="floor-${i}"]`, visible: true };
      const clicked = await measure(page, 'click', opened, () => page.locator('button').click());
      // The first round compiles the handlers, as the app's first rounds do.
      if (i === 0) continue;
      keys.push(echoed.ms);
      clicks.push(clicked.ms);
    }
    return { keys, clicks };
  } finally {
    await page.close();
  }
}

/** Clicks between the 50-message conversations in the sidebar: click to its end painted. */
async function measureSwitches(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  await open(page, switchConversation(0));
  for (let i = 1; i <= count; i++) times.push((await open(page, switchConversation(i))).ms);
  return times;
}

/**
 * Opens the 2,000-message conversation from the sidebar, in turn with a short one (so each
 * open mounts it afresh): click to its last message painted in view. Also counts the rows in
 * the DOM when it paints and once it has settled, the most seen.
 */
async function measureLongOpens(page: Page, count: number) {
  const ms: number[] = [];
  let rowsMounted = 0;
  for (let i = 0; i < count; i++) {
    await open(page, switchConversation(0));
    const painted = await open(page, longConversation);
    ms.push(painted.ms);
    const settledRows = await page.locator('article[data-message-id]').count();
    rowsMounted = Math.max(rowsMounted, painted.rows, settledRows);
  }
  return { ms, rowsMounted };
}

/** Clicks a conversation's sidebar link once the page is idle: click → its last message in view. */
export async function open(page: Page, target: { id: string; count: number }) {
  await settle(page);
  const last = { selector: `article[data-message-id="${target.id}-${target.count - 1}"]` };
  const painted = await measure(page, 'click', { ...last, visible: true }, () =>
    sidebarLink(page, target.id).click(),
  );
  await settle(page);
  return painted;
}

/**
 * A conversation's link in the sidebar, found by its address. Not by role and name: with 1,000
 * links, Playwright's accessible-name matching costs the page's main thread tens of ms a click.
 */
export const sidebarLink = (page: Page, conversationId: string) =>
  page.locator(`nav[aria-label="Conversations"] a[href="/c/${conversationId}"]`);

/** Arms the page's watch, acts, and returns what the page timed. */
export async function measure(
  page: Page,
  eventType: 'click' | 'keydown',
  target: Target,
  act: () => Promise<void>,
): Promise<Painted> {
  await page.evaluate(`window.__watch(${JSON.stringify(eventType)}, ${JSON.stringify(target)})`);
  await act();
  return (await page.evaluate('window.__watched')) as Painted;
}

/**
 * Waits until the page's main thread is idle (the work after the last paint is done), as a
 * person's next action comes after the page has settled; otherwise one round's leftovers
 * would be timed in the next.
 */
export async function settle(page: Page) {
  await page.evaluate(
    'new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }))',
  );
}
