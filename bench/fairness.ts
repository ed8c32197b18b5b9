import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { limits } from '../shared/limits.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { type KeepAliveClient, keepAliveClient } from './lib/keep-alive-client.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round, wallNow } from './lib/stats.ts';

export type FairnessOptions = {
  /** Postgres for a second run beside the embedded database's; PGlite alone without it. */
  databaseUrl?: string | undefined;
};

const others = 4;
const pushRounds = 2;
/** Between one person's requests: people who keep pulling, not a flood. */
const paceMs = 50;
/** How long the floor is sampled for, with nobody pushing. */
const idleMs = 5_000;

/**
 * What other people feel while one person's device pushes the most mutations a push may hold
 * (a long offline queue flushed): the p99 of their pulls and of health checks made while
 * the push is applied. On PGlite every statement of the server shares one thread and one
 * connection, so this is where one person could hold up everyone.
 */
export async function benchFairness(options: FairnessOptions): Promise<Figure[]> {
  const figures = await fairnessOn('pglite', '');
  if (options.databaseUrl) figures.push(...(await fairnessOn('postgres', options.databaseUrl)));
  else console.warn('\nfairness: no Postgres given, so only the embedded database was measured.');
  return figures;
}

async function fairnessOn(name: 'pglite' | 'postgres', databaseUrl: string): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-fair-'));
  let server: ChildServer | undefined;
  const clients: KeepAliveClient[] = [];
  try {
    server = await startChildServer(
      { DATA_DIR: dataDir, ...benchSecrets, REDIS_URL: '', DATABASE_URL: databaseUrl },
      'build',
    );
    const { url } = server;
    const pusherCookie = (await signUp(url, 'Pusher')).cookie;
    const people = await Promise.all(
      Array.from({ length: others }, async (_, n) => {
        const client = keepAliveClient(url, (await signUp(url, `Other ${n}`)).cookie);
        clients.push(client);
        const group = `other-${n}-${Date.now()}`;
        await client.send('POST', '/api/replicache/push', pushBody(group, 'seed', 1, 1, n));
        const first = await client.send('POST', '/api/replicache/pull', pullBody(group, null));
        return { client, group, cookie: (JSON.parse(first.text) as { cookie: unknown }).cookie };
      }),
    );
    const health = keepAliveClient(url, '');
    clients.push(health);

    /** Others' pulls and health checks, each timed, for as long as `during` runs. */
    const sample = async (during: Promise<unknown>) => {
      const pulls: number[] = [];
      const checks: number[] = [];
      let failed = 0;
      let running = true;
      const timed = async (samples: number[], send: () => Promise<{ status: number }>) => {
        while (running) {
          const start = wallNow();
          // A server that held its event loop for seconds drops kept-alive connections whose
          // timeout ran out meanwhile: that request failed, after as long as it waited.
          const status = await send().then(
            (response) => response.status,
            () => 0,
          );
          if (status !== 200) failed++;
          // Every request sent while `during` ran counts, however long it was held up.
          samples.push(wallNow() - start);
          await sleep(paceMs);
        }
      };
      const ended = during.finally(() => {
        running = false;
      });
      await Promise.all([
        ended,
        ...people.map(({ client, group, cookie }) =>
          timed(pulls, () => client.send('POST', '/api/replicache/pull', pullBody(group, cookie))),
        ),
        timed(checks, () => health.send('GET', '/api/health')),
      ]);
      return { pulls, checks, failed };
    };

    // The floor: the same requests on the same machine with nobody pushing.
    const idle = await sample(sleep(idleMs));
    const busy = { pulls: [] as number[], checks: [] as number[], failed: 0 };
    const pushes: number[] = [];
    for (let round = 0; round < pushRounds; round++) {
      const started = wallNow();
      const body = pushBody('pusher', `r${round}`, 1, limits.mutationsPerPush, round);
      // A connection of its own: one left idle through the floor's seconds may be closed by
      // the server just as it is reused.
      const pusher = keepAliveClient(url, pusherCookie);
      clients.push(pusher);
      const push = pusher.send('POST', '/api/replicache/push', body).then((response) => {
        if (response.status !== 200) throw new Error(`the push answered ${response.status}`);
        pushes.push(wallNow() - started);
      });
      const { pulls, checks, failed } = await sample(push);
      busy.pulls.push(...pulls);
      busy.checks.push(...checks);
      busy.failed += failed;
    }

    const prefix = name === 'pglite' ? 'push_fairness' : 'push_fairness.postgres';
    const p = (samples: number[], rank: number) => round(percentile(samples, rank));
    const failures = busy.failed > 0 ? `, ${busy.failed} failed` : '';
    const during = `while one person pushes ${limits.mutationsPerPush} mutations (median ${p(pushes, 50)} ms, ${pushRounds} pushes${failures})`;
    return [
      {
        metric: `${prefix}.other_p99_ms`,
        value: p(busy.pulls, 99),
        note: `${name}: ${busy.pulls.length} pulls by ${others} other people ${during}; p50 ${p(busy.pulls, 50)}`,
      },
      {
        metric: `${prefix}.other_floor_p99_ms`,
        value: p(idle.pulls, 99),
        note: `${name}: the same pulls with nobody pushing (${idle.pulls.length}); p50 ${p(idle.pulls, 50)}`,
      },
      {
        metric: `${prefix}.health_p99_ms`,
        value: p(busy.checks, 99),
        note: `${name}: ${busy.checks.length} GET /api/health ${during}; p50 ${p(busy.checks, 50)}`,
      },
      {
        metric: `${prefix}.health_floor_p99_ms`,
        value: p(idle.checks, 99),
        note: `${name}: the same with nobody pushing (${idle.checks.length}); p50 ${p(idle.checks, 50)}`,
      },
      {
        metric: `${prefix}.push_ms`,
        value: p(pushes, 50),
        note: `${name}: the push itself, median of ${pushRounds}`,
      },
    ];
  } finally {
    for (const client of clients) client.close();
    if (server) await killChild(server.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A push of `count` new conversations from one client, mutation ids from `firstId`. */
function pushBody(group: string, tag: string, firstId: number, count: number, seed: number) {
  const clientID = `${group}-client`;
  return JSON.stringify({
    pushVersion: 1,
    schemaVersion: '',
    profileID: 'bench',
    clientGroupID: group,
    mutations: Array.from({ length: count }, (_, n) => ({
      id: firstId + n,
      clientID: tag === 'seed' ? clientID : `${clientID}-${tag}`,
      name: 'createConversation',
      args: {
        id: `${group}-${tag}-${seed}-${n}`,
        title: `Plan ${n}`,
        model: DEMO_MODEL_ID,
        createdAt: 1,
      },
      timestamp: 1,
    })),
  });
}

function pullBody(group: string, cookie: unknown) {
  return JSON.stringify({
    pullVersion: 1,
    schemaVersion: '',
    profileID: 'bench',
    clientGroupID: group,
    cookie,
  });
}
