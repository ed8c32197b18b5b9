import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { cpus } from 'node:os';
import { chromiumVersion } from '../e2e/browser.ts';
import { createScratchDatabase } from '../server/testing/test-databases.ts';
import { benchAttachmentUpload } from './attachment-upload.ts';
import { benchContextWindow } from './context-window.ts';
import { benchFairness } from './fairness.ts';
import { type Figure, finishRun, report } from './lib/results.ts';
import { benchManyProcesses } from './many-processes.ts';
import { benchServerScale } from './server-scale.ts';
import { benchSharePage } from './share-page.ts';
import { benchTokenLatency } from './token-latency.ts';
import { benchUiImages } from './ui-images.ts';
import { benchUiLive } from './ui-live.ts';
import { benchUiOpen } from './ui-open.ts';
import { benchBundle, benchFirstVisit } from './web-vitals.ts';

// `npm run bench`: every benchmark on loopback, figures beside their budgets, into
// bench/results.json. Options by environment: BENCH_STREAMS (default 20),
// BENCH_CHUNKS_PER_SECOND (per stream, default 20), BENCH_LOAD_STREAMS (default 500),
// REDIS_URL, BENCH_DATABASE_URL, and BENCH_ONLY: a comma-separated list of the parts to run
// (bundle, visit, share, open, images, sync, resume, stream, token, scale, fair, load, context,
// upload, processes), for working on one figure.

const parts = [
  'bundle',
  'visit',
  'share',
  'open',
  'images',
  'sync',
  'resume',
  'stream',
  'token',
  'scale',
  'fair',
  'load',
  'context',
  'upload',
  'processes',
];
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const unknown = only?.filter((part) => !parts.includes(part)) ?? [];
if (only && (only.length === 0 || unknown.length > 0)) {
  console.error(
    `BENCH_ONLY names no part or an unknown one (${unknown.join(', ')}): ${parts.join(', ')}`,
  );
  process.exit(1);
}
const runs = (part: string) => !only || only.includes(part);

const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(
    `No Chromium at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.log(`Chromium ${await chromiumVersion()}, Node ${process.version}`);

const postgresUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const scratch = (await reachable(postgresUrl, 5432))
  ? await createScratchDatabase(postgresUrl)
  : undefined;
console.log(
  scratch
    ? 'Database: Postgres (as in production)'
    : `Database: embedded PGlite (Postgres not reachable at ${postgresUrl})`,
);

// Token latency under an everyday load; the server's limits under a heavy one, below.
const tokenOptions = {
  streams: Number(process.env.BENCH_STREAMS ?? 20),
  chunksPerStream: 100,
  chunksPerSecond: Number(process.env.BENCH_CHUNKS_PER_SECOND ?? 20),
  databaseUrl: scratch?.url,
};
// Long enough (15 s each) that the streams overlap in full: with short ones most chunks were
// written before their reader connected (starting 500 at once takes seconds) and counted as
// replays, not live delivery.
const loadOptions = {
  streams: Number(process.env.BENCH_LOAD_STREAMS ?? 500),
  chunksPerStream: 450,
  chunksPerSecond: 30,
  databaseUrl: scratch?.url,
};

if (runs('bundle')) {
  report('First load: what a first visit downloads before it paints', await benchBundle());
}
if (runs('visit')) report('First visit: paint and blocking time', await benchFirstVisit());
if (runs('share')) {
  report(
    'A shared 200-message conversation, opened cold with no script',
    await benchSharePage({ databaseUrl: scratch?.url }),
  );
}
if (!runs('open')) {
  // Left out by BENCH_ONLY.
} else if (scratch) {
  report(
    'Opening: echo, switching, a 2,000-message conversation, offline start with 1,000 conversations',
    await benchUiOpen({ databaseUrl: scratch.url }),
  );
} else {
  console.warn('\nPostgres not reachable: the opening figures (seeded there) were skipped.');
}
if (!runs('images')) {
  // Left out by BENCH_ONLY.
} else if (scratch) {
  report(
    'Images: switching to a conversation with 50 images',
    await benchUiImages({ databaseUrl: scratch.url }),
  );
} else {
  console.warn('\nPostgres not reachable: the images figures (seeded there) were skipped.');
}
const livePhases = (['sync', 'resume', 'stream'] as const).filter(runs);
if (livePhases.length > 0) {
  report(
    'Live: sync between devices, resume after reload, main thread while streaming',
    await benchUiLive({ databaseUrl: scratch?.url, phases: livePhases }),
  );
}

if (runs('token')) {
  report(
    'Streaming latency, memory chunk store',
    await benchTokenLatency({ driver: 'memory', ...tokenOptions }),
  );
}
if (!runs('token')) {
  // Left out by BENCH_ONLY.
} else if (await reachable(redisUrl)) {
  report(
    'Streaming latency, Redis chunk store',
    await benchTokenLatency({ driver: 'redis', redisUrl, ...tokenOptions }),
  );
} else {
  console.warn(`\nRedis not reachable at ${redisUrl}: the Redis figures were skipped.`);
}

if (runs('scale')) {
  report(
    'Server scale: pulls over 20,000 messages, 10,000 idle poke streams',
    await benchServerScale({ databaseUrl: scratch?.url }),
  );
}
if (runs('fair')) {
  report(
    'Fairness: other people while one pushes 500 mutations',
    await benchFairness({ databaseUrl: scratch?.url }),
  );
}
if (runs('load')) {
  report(
    `Server under load: ${loadOptions.streams} streams at ${loadOptions.chunksPerSecond} chunks/s`,
    underLoad(await benchTokenLatency({ driver: 'memory', ...loadOptions })),
  );
}
if (runs('context')) {
  report(
    "Context: choosing a 2,000-message conversation's newest part for the model",
    await benchContextWindow({ databaseUrl: scratch?.url }),
  );
}

if (runs('upload')) {
  report('Attachments: a 50 MB PDF uploaded over loopback', await benchAttachmentUpload());
}

if (!runs('processes')) {
  // Left out by BENCH_ONLY.
} else if (scratch && (await reachable(redisUrl))) {
  report(
    'Three server processes sharing Postgres and Redis',
    await benchManyProcesses({ postgresUrl, redisUrl, ...tokenOptions }),
  );
} else {
  console.warn('\nPostgres or Redis not reachable: the three-process figures were skipped.');
}

await scratch?.drop();
finishRun({
  date: new Date().toISOString().slice(0, 10),
  cpu: cpus()[0]?.model.trim() ?? 'an unknown CPU',
  cores: cpus().length,
  node: process.version,
  chromium: await chromiumVersion(),
  database: scratch ? 'Postgres' : 'the embedded PGlite',
  only: only?.join(', '),
});

/** The load run's delivery delay and memory, under the names of the server's budgets. */
function underLoad(figures: Figure[]): Figure[] {
  const find = (metric: string) => figures.find((figure) => figure.metric === metric);
  const delay = find('token.server_p99_ms');
  const rss = find('token.server_rss_mb');
  return [
    { ...delay, metric: 'server.streams_p99_ms', value: delay?.value ?? Number.NaN },
    { ...rss, metric: 'server.rss_mb', value: rss?.value ?? Number.NaN },
  ];
}

async function reachable(url: string, defaultPort = 6379): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
