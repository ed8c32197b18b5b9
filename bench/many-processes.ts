import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BrowserContext } from 'playwright-core';
import { launchPersistentBrowser } from '../e2e/browser.ts';
import { signIn } from '../e2e/journeys.ts';
import { startFakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { type ManyProcesses, startManyProcesses } from '../server/testing/many-processes.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { readEvents } from '../server/testing/sse-reader.ts';
import { signUp, type TestAccount } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { decodeChunk } from '../shared/stream-events.ts';
import { readCpuMs } from './lib/process-cpu.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round, wallNow } from './lib/stats.ts';
import { openPokeCrowd } from './server-scale.ts';
import { lastUserText } from './token-latency.ts';
import { recorders, syncLatency } from './ui-live.ts';

export type ManyProcessesOptions = {
  /** The Postgres server the processes' database is made on. */
  postgresUrl: string;
  redisUrl: string;
  /** Answers streaming at once for the token latency, and their rate. */
  streams: number;
  chunksPerStream: number;
  chunksPerSecond: number;
};

const pokeConnections = 10_000;
const fanoutRounds = 5;
/** The whole part gives up after this, whatever hangs. */
const limitMs = 6 * 60_000;

/**
 * The app as a deployment runs it: three server processes (the bundle `npm start` runs)
 * sharing Postgres and Redis. A poke to 10,000 idle streams spread over the three, a chunk read
 * on a process other than the one generating it, and a pin on a laptop whose requests go to
 * one process until a phone on another paints it. Each device and reader talks to its process
 * directly: the load balancer in front of a deployment is another machine's work.
 */
export async function benchManyProcesses(options: ManyProcessesOptions): Promise<Figure[]> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the three-process part took over ${limitMs / 1000} s`)),
      limitMs,
    );
  });
  const sentAt = new Map<string, number>();
  const openRouter = await startFakeOpenRouter({
    otherwise: (request) => ({
      kind: 'text',
      chunks: tokens(lastUserText(request), options.chunksPerStream),
      delayMs: 1000 / options.chunksPerSecond,
    }),
    onChunkSent: (text) => sentAt.set(text, wallNow()),
  });
  let app: ManyProcesses | undefined;
  try {
    return await Promise.race([
      limit,
      (async () => {
        app = await startManyProcesses(
          {
            OPENROUTER_API_KEY: 'sk-or-bench',
            OPENROUTER_BASE_URL: openRouter.baseUrl,
            MAX_CONCURRENT_RUNS_PER_PERSON: String(options.streams),
            RATE_LIMIT_MESSAGES_PER_HOUR: '1000000',
            RATE_LIMIT_MESSAGES_PER_DAY: '1000000',
            // The sync rounds pin in quick succession: plenty of room.
            DEMO_WORDS_PER_SECOND: '400',
          },
          { entry: 'build', postgresUrl: options.postgresUrl, redisUrl: options.redisUrl },
        );
        const account = await signUp(app.url, 'Bench');
        // Each beside the same on one process of the three, in the same run: the machine's
        // load moves both alike.
        return [
          ...(await pokeFanout(app, account, 'spread')),
          ...(await pokeFanout(app, account, 'one')),
          ...(await tokenLatency(app, account, options, sentAt)),
          ...(await syncAcross(app, account, 'other')),
          ...(await syncAcross(app, account, 'own')),
        ];
      })(),
    ]);
  } finally {
    clearTimeout(timer);
    await (app as ManyProcesses | undefined)?.close();
    await openRouter.close();
  }
}

/**
 * A rename pushed to the first process until its poke reaches 10,000 streams: a third on each
 * process (`spread`), or all on the first (`one`).
 */
async function pokeFanout(
  app: ManyProcesses,
  account: TestAccount,
  streams: 'spread' | 'one',
): Promise<Figure[]> {
  const first = app.processes[0]?.url ?? '';
  const pusher = pushClient(first, account.cookie);
  const id = `c-${randomUUID()}`;
  await pusher.mutate('createConversation', {
    id,
    title: 'Renamed often',
    model: DEMO_MODEL_ID,
    createdAt: Date.now(),
  });
  const started = wallNow();
  const urls = streams === 'spread' ? app.processes.map((p) => p.url) : [first];
  const crowd = await openPokeCrowd(urls, account.cookie, pokeConnections);
  const connectMs = wallNow() - started;
  const pids = app.processes.map((p) => p.process.pid ?? 0);
  const cpu = () => pids.reduce((sum, pid) => sum + readCpuMs(pid), 0) + readCpuMs('self');
  try {
    const rounds: number[][] = [];
    const cpuMs: number[] = [];
    // The first round is not counted: it also compiles the write path.
    for (let round = 0; round <= fanoutRounds && crowd.sockets.length > 0; round++) {
      const before = cpu();
      const delays = await crowd.pokeRound(() =>
        pusher.mutate('renameConversation', { id, title: `Renamed ${round}` }),
      );
      if (round === 0) continue;
      rounds.push(delays);
      cpuMs.push(cpu() - before);
    }
    const opened = crowd.sockets.length;
    const where = streams === 'spread' ? 'a third on each process' : 'all on the pushed one';
    const reached =
      opened === pokeConnections
        ? `${opened} streams, ${where}`
        : `only ${opened} of ${pokeConnections} opened (${crowd.failure})`;
    const name = (metric: string) =>
      `processes.${metric}${streams === 'one' ? '_one_process' : ''}_ms`;
    const fanout = (p: number) =>
      round(
        percentile(
          rounds.map((delays) => percentile(delays, p)),
          50,
        ),
      );
    const missed = rounds.flat().filter((delay) => !Number.isFinite(delay)).length;
    return [
      {
        metric: name('poke_fanout'),
        value: fanout(100),
        note:
          `p100 over ${reached}, pushed to one, in ${round(connectMs / 1000)} s; median of ` +
          `${rounds.length} renames (${rounds.map((d) => round(percentile(d, 100))).join(', ')} ms)` +
          (missed > 0 ? `; ${missed} pokes never arrived within 10 s` : ''),
      },
      {
        metric: name('poke_fanout_p50'),
        value: fanout(50),
        note: `p50 over the streams, median of ${rounds.length} renames`,
      },
      {
        metric: name('poke_fanout_cpu'),
        value: round(percentile(cpuMs, 50)),
        note: 'CPU for one poke to all: the three servers and the readers together, median',
      },
    ];
  } finally {
    crowd.close();
  }
}

/**
 * `streams` answers from the fake OpenRouter at once, each pushed to the processes in turn:
 * every other one read on a process other than the one generating it, the rest on that one,
 * so both kinds share the same moment's load. A provider's chunk until its reader has it.
 */
async function tokenLatency(
  app: ManyProcesses,
  account: TestAccount,
  options: ManyProcessesOptions,
  sentAt: Map<string, number>,
): Promise<Figure[]> {
  const rows = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
  const delays = { other: [] as number[], own: [] as number[] };
  try {
    const owner = (answerId: string) =>
      waitFor(
        async () => {
          const { rows: found } = await rows.query<{ lease_owner: string | null }>(
            "select lease_owner from message where id = $1 and status = 'streaming'",
            [answerId],
          );
          const leaseOwner = found[0]?.lease_owner;
          return leaseOwner ? app.indexOfOwner(leaseOwner) : undefined;
        },
        { what: 'a process to take the answer' },
      );
    await Promise.all(
      Array.from({ length: options.streams }, async (_, i) => {
        const readOn = i % 2 === 0 ? 'other' : 'own';
        const asked = app.processes[i % app.processes.length]?.url ?? '';
        const { answerId } = await pushClient(asked, account.cookie).ask(
          `s${i}x`,
          'openai/gpt-4o-mini',
        );
        const generating = await owner(answerId);
        const step = readOn === 'other' ? 1 : 0;
        const reader = app.processes[(generating + step) % app.processes.length]?.url ?? '';
        let connectedAt = Number.POSITIVE_INFINITY;
        await readEvents(
          `${reader}/api/streams/${answerId}`,
          { cookie: account.cookie },
          AbortSignal.timeout(120_000),
          {
            onOpen: () => {
              connectedAt = wallNow();
            },
            onEvent: (event) => {
              if (event.event !== 'chunk') return;
              const sent = sentAt.get(decodeChunk(event.data));
              // Chunks written before this reader connected are replays, not live latency.
              if (sent !== undefined && sent >= connectedAt) delays[readOn].push(wallNow() - sent);
            },
          },
        );
      }),
    );
  } finally {
    await rows.end();
  }
  const load = `${options.streams} streams at ${options.chunksPerSecond} chunks/s (Redis)`;
  const { other, own } = delays;
  return [
    {
      metric: 'processes.token_p50_ms',
      value: round(percentile(other, 50)),
      note: `${load}, every other one read on another process than its own: ${other.length} chunks`,
    },
    { metric: 'processes.token_p99_ms', value: round(percentile(other, 99)) },
    {
      metric: 'processes.token_own_process_p50_ms',
      value: round(percentile(own, 50)),
      note: `the rest, read on the process generating them: ${own.length} chunks`,
    },
    { metric: 'processes.token_own_process_p99_ms', value: round(percentile(own, 99)) },
  ];
}

/**
 * Pins on a laptop whose requests go to the first process until a phone whose requests go to
 * the second (`other`), or the first too (`own`), paints them.
 */
async function syncAcross(
  app: ManyProcesses,
  account: TestAccount,
  phoneOn: 'other' | 'own',
): Promise<Figure[]> {
  const laptopUrl = app.processes[0]?.url;
  const phoneUrl = app.processes[phoneOn === 'other' ? 1 : 0]?.url;
  if (!laptopUrl || !phoneUrl) throw new Error('two processes are needed');
  const dirs: string[] = [];
  const devices: BrowserContext[] = [];
  try {
    const open = async (url: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-bench-profile-'));
      dirs.push(dir);
      const device = await launchPersistentBrowser(dir);
      devices.push(device);
      const page = device.pages()[0] ?? (await device.newPage());
      await page.addInitScript(recorders);
      await signIn(page, url, { name: 'Bench', ...account });
      return page;
    };
    const [laptop, phone] = await Promise.all([open(laptopUrl), open(phoneUrl)]);
    const figures = await syncLatency(laptopUrl, account, laptop, phone, phoneUrl);
    const find = (metric: string) => figures.find((f) => f.metric === metric);
    const p50 = find('sync.p50_ms');
    const push = find('sync.push_ms');
    const where = phoneOn === 'other' ? 'the phone on another' : 'the phone on the same one';
    const name = (p: string) => `processes.sync${phoneOn === 'own' ? '_own_process' : ''}_${p}_ms`;
    return [
      {
        metric: name('p50'),
        value: p50?.value ?? Number.NaN,
        note: `${p50?.note ?? ''}, the laptop on one process, ${where}; push → the phone's patch or poke p50 ${push?.value} ms`,
      },
      { metric: name('p95'), value: find('sync.p95_ms')?.value ?? Number.NaN },
    ];
  } finally {
    await Promise.allSettled(devices.map((device) => device.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const tokens = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${tag}t${i} `);
