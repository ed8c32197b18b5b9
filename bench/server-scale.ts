import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { message } from '../server/db/chat-schema.ts';
import type { Database, DatabaseHandle } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { visibleUpdate } from '../server/sync/visible-write.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { seedConversations } from '../server/testing/seed-rows.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { type KeepAliveClient, keepAliveClient } from './lib/keep-alive-client.ts';
import { readCpuMs } from './lib/process-cpu.ts';
import { readRssKb } from './lib/process-memory.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round, wallNow } from './lib/stats.ts';

export type ServerScaleOptions = {
  /** Postgres for the server. The pull figures need it (the data is seeded straight into it). */
  databaseUrl?: string | undefined;
};

const conversations = 1_000;
const messagesPerConversation = 20;
const initialPulls = 5;
const incrementalPulls = 50;
const floorRounds = 200;
const pokeConnections = 10_000;
const connectBatch = 500;
const fanoutRounds = 5;

/**
 * How one server process holds up under one heavy user: the first and an incremental
 * Replicache pull over 20,000 messages, the memory of 10,000 idle poke streams, and how long a
 * change takes to reach all of them. The server runs in its own process (its RSS is its own)
 * with the in-process pub/sub; everything is on loopback. Floors from the same run come with
 * the figures: a loopback round trip, and the poke figures of a bare node:http server.
 */
export async function benchServerScale(options: ServerScaleOptions): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-scale-'));
  let server: ChildServer | undefined;
  let seedDb: DatabaseHandle | undefined;
  let client: KeepAliveClient | undefined;
  try {
    // First, alone on the machine: what the poke figures could be with no framework at all.
    const bare = await bareServerPokes();

    server = await startChildServer(
      {
        DATA_DIR: dataDir,
        ...benchSecrets,
        // Pinned, not inherited: the in-process pub/sub, and PGlite unless Postgres is given.
        REDIS_URL: '',
        DATABASE_URL: options.databaseUrl ?? '',
      },
      'build',
    );
    const { url } = server;
    const account = await signUp(url, 'Bench');
    client = keepAliveClient(url, account.cookie);
    const floorMs = await loopbackFloor(client);

    // The change that pokes: a rename of a conversation made (before anyone listens) by push.
    const pusher = pushClient(url, account.cookie);
    const renamed = `c-${randomUUID()}`;
    await pusher.mutate('createConversation', {
      id: renamed,
      title: 'Renamed often',
      model: DEMO_MODEL_ID,
      createdAt: Date.now(),
    });
    // Idle streams before the pulls, so the pulls' garbage does not blur the RSS baseline.
    const pokes = await pokeCrowdRun(
      { url, pid: server.process.pid ?? 0, cookie: account.cookie },
      (round) => pusher.mutate('renameConversation', { id: renamed, title: `Renamed ${round}` }),
    );

    const figures: Figure[] = [];
    if (options.databaseUrl) {
      seedDb = await openDatabase({ url: options.databaseUrl });
      figures.push(...(await pullFigures(client, seedDb.db, account.userId)));
    } else {
      console.warn(
        '\nserver-scale: no Postgres given, so the pull figures were skipped (the 20,000 ' +
          'messages are seeded straight into Postgres; the server holds PGlite to itself).',
      );
    }
    figures.push(...pokeFigures(pokes, bare));
    figures.push({
      metric: 'server.http_floor_ms',
      value: round(floorMs, 2),
      note: `p50 of ${floorRounds} keep-alive GET /api/health on loopback`,
    });
    return figures;
  } finally {
    client?.close();
    await seedDb?.close();
    if (server) await killChild(server.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Pulls

/** Seeds the messages, then times first pulls of fresh client groups and incremental pulls. */
async function pullFigures(
  client: KeepAliveClient,
  db: Database,
  userId: string,
): Promise<Figure[]> {
  const messageIds = await seedMessages(db, userId);
  const total = messageIds.length + conversations;

  const initial: number[] = [];
  let group = '';
  let cookie: unknown = null;
  for (let i = 0; i < initialPulls; i++) {
    group = `group-${randomUUID()}`;
    const pulled = await pull(client, group, null);
    if (pulled.patch.length < total) {
      throw new Error(`a first pull returned ${pulled.patch.length} operations, not ${total}`);
    }
    initial.push(pulled.ms);
    cookie = pulled.cookie;
  }

  // Each round changes one message (as a finished answer's last write would) and pulls with
  // the cookie the previous pull returned, so the server diffs against the record just made.
  const incremental: number[] = [];
  for (let i = 0; i < incrementalPulls; i++) {
    const id = messageIds[(i * 397) % messageIds.length] ?? '';
    await db
      .update(message)
      .set(visibleUpdate(message, { content: `Changed ${i}`, updatedAt: new Date() }))
      .where(eq(message.id, id));
    const pulled = await pull(client, group, cookie);
    const puts = pulled.patch.filter((op) => op.op === 'put');
    if (puts.length !== 1 || !puts[0]?.key?.endsWith(`/${id}`)) {
      throw new Error(`an incremental pull returned ${JSON.stringify(puts.map((p) => p.key))}`);
    }
    incremental.push(pulled.ms);
    cookie = pulled.cookie;
  }

  const shape = `${messageIds.length} messages in ${conversations} conversations`;
  return [
    {
      metric: 'pull.initial_ms',
      value: round(percentile(initial, 50)),
      note: `median of ${initialPulls} fresh client groups, ${shape}, whole response read`,
    },
    {
      metric: 'pull.incremental_ms',
      value: round(percentile(incremental, 50)),
      note: `p50 of ${incrementalPulls}, one message changed each (p99 ${round(percentile(incremental, 99))} ms)`,
    },
  ];
}

/** Writes the conversations and their messages straight into Postgres; returns message ids. */
async function seedMessages(db: Database, userId: string): Promise<string[]> {
  // A run-unique prefix: the database may be shared with other benchmarks.
  const prefix = `s${randomUUID().slice(0, 8)}`;
  const now = Date.now();
  const seeds = Array.from({ length: conversations }, (_, c) => ({
    id: `${prefix}-c${c}`,
    title: `Conversation ${c}`,
    count: messagesPerConversation,
    updatedAt: now - (conversations - c) * messagesPerConversation * 1000,
  }));
  await seedConversations(db, userId, seeds);
  return seeds.flatMap((seed) => Array.from({ length: seed.count }, (_, n) => `${seed.id}-${n}`));
}

type PullBody = { cookie: unknown; patch: { op: string; key?: string }[] };

/** One pull, timed from sending the request to the last byte of the answer (parse excluded). */
async function pull(
  client: KeepAliveClient,
  clientGroupID: string,
  cookie: unknown,
): Promise<PullBody & { ms: number }> {
  const body = JSON.stringify({
    pullVersion: 1,
    schemaVersion: '',
    profileID: 'bench',
    clientGroupID,
    cookie,
  });
  const start = wallNow();
  const response = await client.send('POST', '/api/replicache/pull', body);
  const ms = wallNow() - start;
  if (response.status !== 200) throw new Error(`pull failed: ${response.status} ${response.text}`);
  return { ...(JSON.parse(response.text) as PullBody), ms };
}

// ---------------------------------------------------------------------------------------------
// Loopback HTTP

/** p50 of a keep-alive round trip to the cheapest route: what no request can beat. */
async function loopbackFloor(client: KeepAliveClient): Promise<number> {
  const times: number[] = [];
  // The first rounds open the connection and warm both ends' code; they are not counted.
  for (let i = 0; i < floorRounds + 20; i++) {
    const start = wallNow();
    const response = await client.send('GET', '/api/health');
    if (response.status !== 200) throw new Error(`health failed: ${response.status}`);
    if (i >= 20) times.push(wallNow() - start);
  }
  return percentile(times, 50);
}

// ---------------------------------------------------------------------------------------------
// Poke streams

type PokeSocket = { socket: Socket; pokedAt: number | undefined };

export type PokeCrowd = {
  sockets: PokeSocket[];
  /** Why opening more failed, when fewer than asked for are open. */
  failure: string | undefined;
  /** Runs `change`; resolves with each stream's delay from the change's start to its poke. */
  pokeRound(change: () => Promise<unknown>): Promise<number[]>;
  close(): void;
};

/**
 * Opens `count` poke streams as raw sockets (no HTTP client bookkeeping on our side), a batch
 * at a time so the server is not asked for thousands of sessions at once; with several
 * servers, to each in turn. Stops at the first batch that fails, keeping what opened, so a
 * limit shows as the number reached.
 */
export async function openPokeCrowd(
  baseUrls: string | readonly string[],
  cookie: string,
  count: number,
): Promise<PokeCrowd> {
  const targets = typeof baseUrls === 'string' ? [baseUrls] : baseUrls;
  const sockets: PokeSocket[] = [];
  let failure: string | undefined;
  // Set while a round waits: pokes outside a round (there should be none) are not counted.
  let round: { waiting: number; done: () => void } | undefined;
  const onPoke = (entry: PokeSocket) => {
    if (!round || entry.pokedAt !== undefined) return;
    entry.pokedAt = wallNow();
    if (--round.waiting === 0) round.done();
  };
  while (sockets.length < count && failure === undefined) {
    const size = Math.min(connectBatch, count - sockets.length);
    const first = sockets.length;
    const batch = await Promise.allSettled(
      Array.from({ length: size }, (_, i) =>
        openPokeSocket(targets[(first + i) % targets.length] ?? '', cookie, onPoke),
      ),
    );
    for (const result of batch) {
      if (result.status === 'fulfilled') sockets.push(result.value);
      else failure ??= String(result.reason);
    }
  }
  return {
    sockets,
    failure,
    async pokeRound(change) {
      for (const entry of sockets) entry.pokedAt = undefined;
      const all = new Promise<void>((resolve) => {
        round = { waiting: sockets.length, done: resolve };
      });
      const start = wallNow();
      await change();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([all, timeout]);
      round = undefined;
      return sockets.map((entry) =>
        entry.pokedAt === undefined ? Number.POSITIVE_INFINITY : entry.pokedAt - start,
      );
    },
    close() {
      for (const entry of sockets) entry.socket.destroy();
    },
  };
}

/**
 * One `GET /api/replicache/poke` over a raw socket; resolves once the server has sent its
 * `: connected` comment (the subscription is live by then). Afterwards each `event: poke`
 * calls `onPoke`. Heartbeat comments are ignored.
 */
function openPokeSocket(
  baseUrl: string,
  cookie: string,
  onPoke: (entry: PokeSocket) => void,
): Promise<PokeSocket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const entry: PokeSocket = { socket, pokedAt: undefined };
    let connected = false;
    // The end of the previous read, in case a marker is split across two reads.
    let tail = '';
    const fail = (reason: string) => {
      socket.destroy();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail('no ": connected" within 30 s'), 30_000);
    socket.once('connect', () => {
      socket.write(
        `GET /api/replicache/poke HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          `Accept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`,
      );
    });
    socket.on('data', (data: Buffer) => {
      const text = tail + data.toString('latin1');
      tail = text.slice(-32);
      if (!connected) {
        if (text.startsWith('HTTP/1.1') && !text.startsWith('HTTP/1.1 200')) {
          clearTimeout(timer);
          fail(`poke stream answered ${text.split('\r\n')[0]}`);
          return;
        }
        if (!text.includes(': connected')) return;
        connected = true;
        clearTimeout(timer);
        resolve(entry);
      }
      if (text.includes('event: poke')) onPoke(entry);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      if (!connected) fail(error.message);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (!connected) reject(new Error('poke stream closed before ": connected"'));
    });
  });
}

/** What one server process did with the crowd: its memory, and each fan-out's delays. */
type PokeRun = {
  opened: number;
  failure: string | undefined;
  connectMs: number;
  baselineKb: number;
  crowdKb: number;
  /** Per recorded change, each stream's delay from the change to its poke. */
  rounds: number[][];
  /** Per recorded change, the CPU ms the server and the readers (this process) used for it. */
  cpuMs: { server: number; readers: number }[];
};

/**
 * Reads the process's settled RSS, opens the crowd of idle streams, reads it again, then times
 * `fanoutRounds` changes (after one unrecorded: the first fan-out also compiles the write path).
 */
async function pokeCrowdRun(
  target: { url: string; pid: number; cookie: string },
  change: (round: number) => Promise<unknown>,
): Promise<PokeRun> {
  const baselineKb = await settledRssKb(target.pid);
  const started = wallNow();
  const crowd = await openPokeCrowd(target.url, target.cookie, pokeConnections);
  try {
    const connectMs = wallNow() - started;
    const crowdKb = await settledRssKb(target.pid);
    const rounds: number[][] = [];
    const cpuMs: PokeRun['cpuMs'] = [];
    for (let round = 0; round <= fanoutRounds && crowd.sockets.length > 0; round++) {
      const [server, readers] = [readCpuMs(target.pid), readCpuMs('self')];
      const delays = await crowd.pokeRound(() => change(round));
      if (round === 0) continue;
      rounds.push(delays);
      cpuMs.push({ server: readCpuMs(target.pid) - server, readers: readCpuMs('self') - readers });
    }
    const { failure } = crowd;
    const opened = crowd.sockets.length;
    return { opened, failure, connectMs, baselineKb, crowdKb, rounds, cpuMs };
  } finally {
    crowd.close();
  }
}

// The least a poke stream can cost in Node: plain node:http, no auth, one write per stream, a
// Set of open responses. Same markers as the real route, so the same client measures it.
const bareServerSource = `
import { createServer } from 'node:http';
const streams = new Set();
const poke = Buffer.from('event: poke\\ndata: poke\\n\\n');
const server = createServer((req, res) => {
  if (req.method === 'POST') {
    for (const stream of streams) stream.write(poke);
    res.end('{}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(': connected\\n\\n');
  streams.add(res);
  req.once('close', () => streams.delete(res));
});
server.listen(0, '127.0.0.1', () => {
  console.log('running at http://127.0.0.1:' + server.address().port);
});
`;

/** The crowd run against the bare server, in its own process as the real one is. */
async function bareServerPokes(): Promise<PokeRun> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', bareServerSource], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        const match = /running at (\S+)/.exec(data.toString());
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
    });
    const poke = async () => (await fetch(`${url}/poke`, { method: 'POST' })).text();
    return await pokeCrowdRun({ url, pid: child.pid ?? 0, cookie: '' }, poke);
  } finally {
    await killChild(child);
  }
}

/** Resident memory per open stream, in KB. */
const perStreamKb = (run: PokeRun) =>
  run.opened > 0 ? round((run.crowdKb - run.baselineKb) / run.opened, 2) : Number.NaN;

/** The median over the recorded changes of one percentile over the streams. */
function fanout(run: PokeRun, p: number): number {
  const perChange = run.rounds.map((delays) => percentile(delays, p));
  return round(percentile(perChange, 50));
}

const cores = availableParallelism();

type CpuPerChange = PokeRun['cpuMs'][number];

/** The median over the recorded changes of the CPU ms `of` picks from each. */
function medianCpu(run: PokeRun, of: (cpu: CpuPerChange) => number): number {
  return round(percentile(run.cpuMs.map(of), 50));
}

const serverCpu = (cpu: CpuPerChange) => cpu.server;
const readersCpu = (cpu: CpuPerChange) => cpu.readers;

function pokeFigures(run: PokeRun, bare: PokeRun): Figure[] {
  const reached =
    run.opened === pokeConnections
      ? `${run.opened} streams`
      : `only ${run.opened} of ${pokeConnections} opened (${run.failure})`;
  const p100s = run.rounds.map((delays) => round(percentile(delays, 100)));
  const missed = run.rounds.flat().filter((delay) => !Number.isFinite(delay)).length;
  const mb = (kb: number) => round(kb / 1024);
  const totalCpu = medianCpu(run, (cpu) => cpu.server + cpu.readers);
  return [
    {
      metric: 'server.idle_poke_kb',
      value: perStreamKb(run),
      note:
        `${reached} in ${round(run.connectMs / 1000)} s; ` +
        `RSS ${mb(run.baselineKb)} → ${mb(run.crowdKb)} MB`,
    },
    {
      metric: 'server.poke_fanout_ms',
      value: fanout(run, 100),
      note:
        `p100 over ${reached}, from sending the push; median of ${run.rounds.length} renames ` +
        `(${p100s.join(', ')} ms)` +
        (missed > 0 ? `; ${missed} pokes never arrived within 10 s` : ''),
    },
    {
      metric: 'server.poke_fanout_p50_ms',
      value: fanout(run, 50),
      note: `p50 over the streams, median of ${run.rounds.length} renames`,
    },
    {
      metric: 'server.poke_fanout_cpu_ms',
      value: totalCpu,
      note:
        `CPU for one poke to all, median of ${run.rounds.length}: server ` +
        `${medianCpu(run, serverCpu)}, readers ${medianCpu(run, readersCpu)}; ` +
        `spread over ${cores} cores at best ${round(totalCpu / cores)} ms`,
    },
    {
      metric: 'server.idle_poke_floor_kb',
      value: perStreamKb(bare),
      note: `bare node:http SSE server, same client, ${bare.opened} streams`,
    },
    {
      metric: 'server.poke_fanout_floor_ms',
      value: fanout(bare, 100),
      note:
        `bare node:http server writing one poke to each of ${bare.opened} streams, p100; ` +
        `CPU ${medianCpu(bare, serverCpu)} server + ${medianCpu(bare, readersCpu)} readers`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Memory

/**
 * The process's resident memory once it has gone quiet: a second's rest, then the median of
 * five samples (a GC that runs late moves one sample, not the figure).
 */
async function settledRssKb(pid: number): Promise<number> {
  const rest = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await rest(1000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(readRssKb(pid));
    await rest(300);
  }
  return percentile(samples, 50);
}
