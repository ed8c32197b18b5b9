import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentBrowser } from '../e2e/browser.ts';
import { signIn } from '../e2e/journeys.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { type RecordedRequest, startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { readEvents } from '../server/testing/sse-reader.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { decodeChunk } from '../shared/stream-events.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { frameRecorder, newestAnswerText } from './lib/page-frames.ts';
import { streamToBarePage } from './lib/paint-floor.ts';
import { readRssKb } from './lib/process-memory.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round, wallNow } from './lib/stats.ts';

export type TokenLatencyOptions = {
  driver: 'memory' | 'redis';
  redisUrl?: string | undefined;
  /** Postgres for the server (production's shape); the embedded PGlite when undefined. */
  databaseUrl?: string | undefined;
  streams: number;
  chunksPerStream: number;
  chunksPerSecond: number;
};

// Installed in every document the page opens: the newest answer's text in each painted frame.
const paintRecorder = frameRecorder(
  '__paints',
  `({ t: performance.timeOrigin + performance.now(), text: ${newestAnswerText} })`,
);

// Installed with it: when each chunk event reached the page (before the app's own listener).
const arrivalRecorder = `
  window.__arrivals = [];
  const NativeEventSource = window.EventSource;
  window.EventSource = class extends NativeEventSource {
    constructor(...args) {
      super(...args);
      this.addEventListener('chunk', (event) => {
        window.__arrivals.push({ t: performance.timeOrigin + performance.now(), data: event.data });
      });
    }
  };
`;

/**
 * How long a provider's chunk takes to reach a reader: the fake OpenRouter stamps each chunk
 * as it writes it; Node SSE readers (one per stream) stamp it as it arrives, and one Chromium
 * page stamps the frame that paints it. The server runs in its own process with the chosen
 * chunk store, `streams` answers at once.
 */
export async function benchTokenLatency(options: TokenLatencyOptions): Promise<Figure[]> {
  const sentAt = new Map<string, number>();
  const tokens = (tag: string) =>
    Array.from({ length: options.chunksPerStream }, (_, i) => `${tag}t${i} `);
  const openRouter = await startFakeOpenRouter({
    otherwise: (request) => ({
      kind: 'text',
      chunks: tokens(lastUserText(request)),
      delayMs: 1000 / options.chunksPerSecond,
    }),
    onChunkSent: (text) => sentAt.set(text, wallNow()),
  });
  let server: ChildServer | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-profile-'));
  const browser = await launchPersistentBrowser(profile);
  try {
    server = await startChildServer(
      {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-bench-')),
        ...benchSecrets,
        OPENROUTER_API_KEY: 'sk-or-bench',
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        // The load is one other person's answers, all at once: their cap must not queue them.
        MAX_CONCURRENT_RUNS_PER_PERSON: String(options.streams),
        // Nor their message limits on the operator's key: the load is more than an hour allows.
        RATE_LIMIT_MESSAGES_PER_HOUR: '1000000',
        RATE_LIMIT_MESSAGES_PER_DAY: '1000000',
        ...(options.driver === 'redis' ? { REDIS_URL: options.redisUrl ?? '' } : {}),
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      },
      'build',
    );
    const { url } = server;
    // The page's person watches one answer; the load is everybody else's (another account), so
    // the page hears no pokes about it: a server busy with other people, as in production.
    const account = await signUp(url, 'Bench');
    const others = await signUp(url, 'Others');
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.addInitScript(paintRecorder);
    await page.addInitScript(arrivalRecorder);
    await signIn(page, url, { name: 'Bench', ...account });

    const rss = sampleRss(server.process.pid ?? 0);
    const serverDelays: number[] = [];
    const watchedTag = 's0x';
    const readStream = async (answerId: string, cookie: string) => {
      let connectedAt = Number.POSITIVE_INFINITY;
      await readEvents(`${url}/api/streams/${answerId}`, { cookie }, AbortSignal.timeout(300_000), {
        onOpen: () => {
          connectedAt = wallNow();
        },
        onEvent: (event) => {
          if (event.event !== 'chunk') return;
          const arrived = wallNow();
          const sent = sentAt.get(decodeChunk(event.data));
          // Chunks written before this reader connected are replays, not live latency.
          if (sent !== undefined && sent >= connectedAt) serverDelays.push(arrived - sent);
        },
      });
    };
    const ask = (tag: string, cookie: string) =>
      pushClient(url, cookie).ask(tag, 'openai/gpt-4o-mini');

    // The watched answer starts first and the page is on it before the others start, so the
    // page sees it live while the server is under the full load.
    const watched = await ask(watchedTag, account.cookie);
    await page.goto(`${url}/c/${watched.conversationId}`);
    await page.locator('article[data-role="assistant"][data-status="streaming"]').waitFor();
    const runs = [
      readStream(watched.answerId, account.cookie),
      ...Array.from({ length: options.streams - 1 }, async (_, index) => {
        const { answerId } = await ask(`s${index + 1}x`, others.cookie);
        await readStream(answerId, others.cookie);
      }),
    ];
    await Promise.all(runs);
    const arrivals = (await page.evaluate('window.__arrivals')) as { t: number; data: string }[];
    // Live: written once the page was reading the stream, after its first chunk arrived. The
    // ones before came as a replay, in a burst that the resume figure times.
    const liveFrom = arrivals[0]?.t ?? Number.POSITIVE_INFINITY;
    const paintDelays = await paintLatencies(page, tokens(watchedTag), sentAt, liveFrom);
    const arrivalDelays = arrivals.flatMap(({ t, data }) => {
      const sent = sentAt.get(decodeChunk(data));
      return sent === undefined || sent < liveFrom ? [] : [t - sent];
    });
    const peakRssMb = rss.stop();
    const floor = options.driver === 'memory' ? await paintFloor(browser, options) : undefined;

    const prefix = options.driver === 'memory' ? 'token' : 'token.redis';
    const note = `${options.driver} store, ${options.streams} streams at ${options.chunksPerSecond} chunks/s`;
    return [
      {
        metric: `${prefix}.server_p50_ms`,
        value: round(percentile(serverDelays, 50)),
        note,
      },
      {
        metric: `${prefix}.server_p99_ms`,
        value: round(percentile(serverDelays, 99)),
        note,
      },
      {
        metric: `${prefix}.paint_p50_ms`,
        value: round(percentile(paintDelays, 50)),
        note: `one page watching, ${paintDelays.length} chunks`,
      },
      { metric: `${prefix}.paint_p99_ms`, value: round(percentile(paintDelays, 99)) },
      {
        metric: `${prefix}.arrive_p50_ms`,
        value: round(percentile(arrivalDelays, 50)),
        note: `of the paint: until the chunk's event reached the page (p99 ${round(percentile(arrivalDelays, 99))})`,
      },
      ...(floor
        ? [
            {
              metric: 'token.paint_floor_p50_ms',
              value: round(percentile(floor, 50)),
              note: `a bare node:http server's chunk until a page that only appends it painted it (p99 ${round(percentile(floor, 99))})`,
            },
          ]
        : []),
      {
        metric: `${prefix}.server_rss_mb`,
        value: round(peakRssMb, 0),
        note: `peak, ${serverDelays.length} chunks read`,
      },
    ];
  } finally {
    await browser.close();
    if (server) await killChild(server.process);
    await openRouter.close();
  }
}

/** The paint delays of a page with no app (see `streamToBarePage`), as many chunks at the same rate. */
async function paintFloor(browser: BrowserContext, options: TokenLatencyOptions) {
  const tokens = Array.from({ length: options.chunksPerStream }, (_, i) => `f${i} `);
  const floor = await streamToBarePage(browser, paintRecorder, tokens, options.chunksPerSecond);
  try {
    return await paintLatencies(floor.page, tokens, floor.sentAt);
  } finally {
    await floor.close();
  }
}

/**
 * Provider chunk → painted frame, for the chunks that arrived live: written from `liveFrom`
 * (epoch ms) on and not in the first frame that showed the answer.
 */
async function paintLatencies(
  page: Page,
  tokens: string[],
  sentAt: Map<string, number>,
  liveFrom = 0,
): Promise<number[]> {
  const paints = (await page.evaluate('window.__paints')) as { t: number; text: string }[];
  const withAnswer = paints.filter((paint) => paint.text.includes(tokens[0]?.trim() ?? ''));
  const first = withAnswer[0];
  const delays: number[] = [];
  let index = 0;
  for (const token of tokens) {
    // Markdown drops a paragraph's trailing space, so the newest token shows without its own;
    // looking for it with the space would wait for the token after it.
    const word = token.trim();
    if (!first || first.text.includes(word)) continue;
    while (index < withAnswer.length && !withAnswer[index]?.text.includes(word)) index++;
    const paint = withAnswer[index];
    const sent = sentAt.get(token);
    if (paint && sent !== undefined && sent >= liveFrom) delays.push(paint.t - sent);
  }
  return delays;
}

/** The text of the newest user message a request to the provider carries. */
export function lastUserText(request: RecordedRequest): string {
  const last = request.messages.filter((m) => m.role === 'user').at(-1)?.content;
  if (typeof last === 'string') return last;
  if (Array.isArray(last)) {
    return last.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
  }
  return '';
}

/** Samples a process's resident memory until stopped; returns the peak in MB. */
function sampleRss(pid: number) {
  let peakKb = 0;
  const read = () => {
    peakKb = Math.max(peakKb, readRssKb(pid));
  };
  const timer = setInterval(read, 200);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peakKb / 1024;
    },
  };
}
