import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentBrowser } from '../e2e/browser.ts';
import { signIn } from '../e2e/journeys.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { signUp, type TestAccount } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { firstAfter, type NetworkEvent, recordNetwork } from './lib/network-events.ts';
import { frameRecorder, newestAnswerText } from './lib/page-frames.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

// What a person feels while things are live: a change on one device showing on another, a
// reload in the middle of an answer, and the main thread while a long answer streams.

const syncRounds = 200;
const resumeRounds = 10;
/** Words a second the demo model streams at: fast enough to keep these runs short. */
const demoWordsPerSecond = 400;

/**
 * Runs in every document: for each painted frame that changed the DOM, its time (from
 * navigation start and as epoch time), whether the list shows Pinned, and the newest answer's
 * length; and the epoch time of every click, and when each task over 50 ms started.
 */
export const recorders = `
  ${frameRecorder(
    '__frames',
    `({
      at: performance.now(),
      epoch: performance.timeOrigin + performance.now(),
      pinned: [...document.querySelectorAll('nav[aria-label="Conversations"] h2')]
        .some((h) => h.textContent === 'Pinned'),
      answer: ${newestAnswerText}.length,
      lastWord: Number(/w(\\d+)\\s*$/.exec(${newestAnswerText}.slice(-40))?.[1] ?? -1),
    })`,
  )}
  window.__clicks = [];
  addEventListener('click', (event) => window.__clicks.push(performance.timeOrigin + event.timeStamp), true);
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.startTime);
  }).observe({ type: 'longtask', buffered: true });
`;

type Frame = { at: number; epoch: number; pinned: boolean; answer: number; lastWord: number };

export async function benchUiLive(options: {
  databaseUrl?: string | undefined;
  phases: readonly ('sync' | 'resume' | 'stream')[];
}): Promise<Figure[]> {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let server: ChildServer | undefined;
  const devices: BrowserContext[] = [];
  try {
    server = await startChildServer(
      {
        DATA_DIR: tempDir('parley-bench-'),
        ...benchSecrets,
        DEMO_WORDS_PER_SECOND: String(demoWordsPerSecond),
        // The resume rounds leave answers still streaming when the next phase sends: the person's
        // cap on answers at once must not hold that phase's answer back as pending.
        MAX_CONCURRENT_RUNS_PER_PERSON: '1000',
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      },
      'build',
    );
    const account = await signUp(server.url, 'Bench');
    const open = async () => {
      const device = await launchPersistentBrowser(tempDir('parley-bench-profile-'));
      devices.push(device);
      const page = device.pages()[0] ?? (await device.newPage());
      await page.addInitScript(recorders);
      await signIn(page, server?.url ?? '', { name: 'Bench', ...account });
      return page;
    };
    const [laptop, phone] = await Promise.all([open(), open()]);
    if (!laptop || !phone) throw new Error('no pages');
    const runs = (phase: 'sync' | 'resume' | 'stream') => options.phases.includes(phase);
    return [
      ...(runs('sync') ? await syncLatency(server.url, account, laptop, phone) : []),
      ...(runs('resume') ? await resumeAfterReload(server.url, account, phone) : []),
      ...(runs('stream') ? await mainThreadWhileStreaming(phone) : []),
    ];
  } finally {
    await Promise.allSettled(devices.map((device) => device.close()));
    if (server) await killChild(server.process);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pin on one device until the other device's list shows it (and unpin, the same way):
 * a mutation through push, poke, pull and the other device's subscription and paint. The
 * phone opens the app at `phoneUrl` (another server process) when given.
 */
export async function syncLatency(
  url: string,
  account: TestAccount,
  laptop: Page,
  phone: Page,
  phoneUrl = url,
): Promise<Figure[]> {
  const { conversationId } = await pushClient(url, account.cookie).ask('Sync me');
  await Promise.all([
    laptop.goto(`${url}/c/${conversationId}`),
    phone.goto(`${phoneUrl}/c/${conversationId}`),
  ]);
  const pin = laptop.getByRole('button', { name: 'Pin' });
  await pin.waitFor();
  await phone.getByRole('heading', { name: 'Sync me' }).waitFor();

  const [laptopNetwork, phoneNetwork] = await Promise.all([
    recordNetwork(laptop),
    recordNetwork(phone),
  ]);
  const delays: number[] = [];
  const parts: SyncParts[] = [];
  for (let round = 0; round < syncRounds; round++) {
    const pinned = round % 2 === 0;
    const framesBefore = await frameCount(phone);
    await pin.click();
    const clickedAt = (await laptop.evaluate('window.__clicks.at(-1)')) as number;
    const shown = await waitForFrame(phone, framesBefore, (frame) => frame.pinned === pinned);
    delays.push(shown.epoch - clickedAt);
    const split = syncParts(clickedAt, shown.epoch, laptopNetwork, phoneNetwork);
    if (split) parts.push(split);
  }
  const floor = await loopbackFloor(url);
  const note = `${syncRounds} pins and unpins, two browser profiles`;
  const part = (name: 'click' | 'push' | 'paint') =>
    round(
      percentile(
        parts.map((p) => p[name]),
        50,
      ),
    );
  const pulls = parts.flatMap((p) => (p.pull === undefined ? [] : [p.pull]));
  return [
    { metric: 'sync.p50_ms', value: round(percentile(delays, 50)), note },
    { metric: 'sync.p95_ms', value: round(percentile(delays, 95)) },
    {
      metric: 'sync.push_ms',
      value: part('push'),
      note: `p50: click → push sent ${part('click')}, push sent → the phone's patch or poke (this)`,
    },
    {
      metric: 'sync.pulled_rounds',
      value: pulls.length,
      note:
        `of ${parts.length}: rounds the phone pulled instead of applying the patch` +
        (pulls.length > 0 ? ` (pull p50 ${round(percentile(pulls, 50))} ms)` : ''),
    },
    {
      metric: 'sync.paint_ms',
      value: part('paint'),
      note: 'p50: the change on the phone (patch, or the pull answered) → painted',
    },
    { metric: 'sync.floor_ms', value: round(floor, 2), note: 'p50 of a loopback HTTP round trip' },
  ];
}

/**
 * Where one round's time went, in ms: click → push sent, → the phone's first event (a patch or
 * a poke), → the pull that followed if the phone pulled (`undefined` if it did not), → painted.
 */
type SyncParts = { click: number; push: number; pull: number | undefined; paint: number };

/**
 * Splits a round (click on the laptop at `clickedAt` → phone painted at `paintedAt`) at the
 * laptop's push, the phone's first poke-stream event after it and, if the phone pulled before
 * it painted, at that pull's answer; undefined when the push or the event is missing.
 */
function syncParts(
  clickedAt: number,
  paintedAt: number,
  laptop: readonly NetworkEvent[],
  phone: readonly NetworkEvent[],
): SyncParts | undefined {
  const isSent = (path: string) => (event: NetworkEvent) =>
    event.kind === 'sent' && event.url.includes(path);
  const pushSent = firstAfter(laptop, clickedAt, isSent('/api/replicache/push'));
  const heard = pushSent && firstAfter(phone, pushSent.at, (e) => e.kind === 'event-source');
  if (!pushSent || !heard || heard.at > paintedAt) return undefined;
  const pullSent = firstAfter(phone, heard.at, isSent('/api/replicache/pull'));
  const pulled =
    pullSent && firstAfter(phone, pullSent.at, (e) => e.kind === 'done' && e.url.includes('/pull'));
  const pulledFirst = pullSent && pulled && pulled.at <= paintedAt ? pulled : undefined;
  return {
    click: pushSent.at - clickedAt,
    push: heard.at - pushSent.at,
    pull: pulledFirst && pullSent ? pulledFirst.at - heard.at : undefined,
    paint: paintedAt - (pulledFirst?.at ?? heard.at),
  };
}

/**
 * Reload while an answer streams: navigation start until the first new text is painted, that
 * is, a word after the last one painted before the reload (the answer is `w0 w1 …`).
 */
async function resumeAfterReload(url: string, account: TestAccount, page: Page): Promise<Figure[]> {
  // Twenty seconds of answer, in paragraphs as real answers are: the message it echoes has to
  // fit the demo model's context window.
  const words = Array.from({ length: demoWordsPerSecond * 20 }, (_, i) =>
    i % 50 === 49 ? `w${i}\n\n` : `w${i} `,
  ).join('');
  const times: number[] = [];
  for (let round = 0; round < resumeRounds; round++) {
    const client = pushClient(url, account.cookie);
    const { conversationId, answerId } = await client.ask(words);
    await page.goto(`${url}/c/${conversationId}`);
    const streaming = page.locator('article[data-role="assistant"][data-status="streaming"]');
    await streaming.waitFor();
    await waitForFrame(page, 0, (frame) => frame.answer > 2000);
    const before = (await lastFrame(page))?.lastWord ?? 0;
    await page.reload({ waitUntil: 'commit' });
    const next = await waitForFrame(page, 0, (frame) => frame.lastWord > before);
    times.push(next.at);
    // Not left running into the next round.
    await client.mutate('stopAnswer', { conversationId, messageId: answerId });
  }
  return [
    {
      metric: 'resume.ms',
      value: round(percentile(times, 50)),
      note: `p50 of ${resumeRounds} reloads mid-answer`,
    },
  ];
}

/**
 * A 40 KB Markdown answer with code streams in; the main thread's busy time per streamed word
 * (Chromium's own task accounting) and the tasks over 50 ms.
 */
async function mainThreadWhileStreaming(page: Page): Promise<Figure[]> {
  const answer = longMarkdown(40_000);
  const words = answer.split(/\s+/).length;
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill(answer);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('article[data-role="assistant"][data-status="streaming"]').waitFor();

  // The app's work only: the frame recorder (of the phases before) would add its own.
  await page.evaluate('window.__framesStop()');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  };
  const busyBefore = await busy();
  // Long tasks are counted by start time: the observer reports them late, so one from filling in
  // the message (Chromium's own text insertion, before the stream) could otherwise count.
  const startedAt = (await page.evaluate('performance.now()')) as number;
  await page
    .locator('article[data-role="assistant"][data-status="done"]')
    .waitFor({ timeout: 120_000 });
  const busySeconds = (await busy()) - busyBefore;
  const longTasks = (await page.evaluate(
    `window.__longTasks.filter((start) => start >= ${startedAt}).length`,
  )) as number;
  await cdp.detach();
  const note = `${Math.round(answer.length / 1000)} KB answer, ${words} words at ${demoWordsPerSecond}/s`;
  return [
    {
      metric: 'stream.main_ms_per_token',
      value: round((busySeconds * 1000) / words, 2),
      note,
    },
    { metric: 'stream.long_tasks', value: longTasks },
  ];
}

/** Markdown of about `chars` characters: prose, lists, a table and TypeScript, repeated. */
function longMarkdown(chars: number): string {
  const section = (n: number) =>
    [
      `## Part ${n}`,
      `Streaming text arrives word by word, and **finished blocks** keep their rendering while the last one grows. Part ${n} repeats it.`,
      '- a list item\n- another, with `inline code`\n- [ ] a task',
      '| name | value |\n| --- | --- |\n| alpha | 1 |\n| beta | 2 |',
      `\`\`\`ts\nexport function part${n}(items: number[]): number {\n  return items.reduce((sum, item) => sum + item * ${n}, 0);\n}\n\`\`\``,
    ].join('\n\n');
  const parts: string[] = [];
  while (parts.join('\n\n').length < chars) parts.push(section(parts.length + 1));
  return parts.join('\n\n');
}

async function frameCount(page: Page): Promise<number> {
  return (await page.evaluate('window.__frames.length')) as number;
}

async function lastFrame(page: Page): Promise<Frame | undefined> {
  return (await page.evaluate('window.__frames.at(-1)')) as Frame | undefined;
}

/** The first frame after `from` (an index into the page's frames) that `matches`. */
async function waitForFrame(
  page: Page,
  from: number,
  matches: (frame: Frame) => boolean,
): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const frames = (await page.evaluate(`window.__frames.slice(${from})`)) as Frame[];
    const found = frames.find(matches);
    if (found) return found;
    // Polled with evaluate: waitForFunction runs its predicate through eval, which the app's
    // Content-Security-Policy refuses.
    await waitFor(
      async () =>
        (await page.evaluate(`window.__frames.length > ${from + frames.length}`))
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the next frame' },
    );
  }
  throw new Error('the frame never came');
}

/** The p50 of a keep-alive HTTP round trip to the server on loopback. */
async function loopbackFloor(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}
