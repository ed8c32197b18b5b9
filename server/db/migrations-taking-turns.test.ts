import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { migrationsFolder } from '../project-paths.ts';
import { type ChildServer, killChild, startChildServer } from '../testing/child-server.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { acquireNeonWsProxy, createScratchDatabase } from '../testing/test-databases.ts';
import { startUpstashBridge } from '../testing/upstash-bridge.ts';
import { openDatabase } from './open-database.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const hasPostgres = requireServiceOrWarn(
  'Postgres',
  Boolean(postgresUrl),
  'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
);
const redisUrl = process.env.TEST_REDIS_URL;
const hasRedis = requireServiceOrWarn(
  'Redis',
  Boolean(redisUrl),
  'set TEST_REDIS_URL=redis://127.0.0.1:6379',
);
const processes = 3;
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

/** The project's migrations without the newest: a database a release behind. */
function folderWithoutNewest(): string {
  const folder = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  writeFileSync(
    join(folder, 'meta/_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }),
  );
  return folder;
}

async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

describe.runIf(hasPostgres && postgresUrl)('servers starting together on one Postgres', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const startTogether = async (url: string, env: Record<string, string> = {}) => {
    const started = await Promise.allSettled(
      Array.from({ length: processes }, () =>
        startChildServer({ DATABASE_URL: url, REDIS_URL: '', ...env }),
      ),
    );
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    cleanups.push(async () => {
      await Promise.all(servers.map((s: ChildServer) => killChild(s.process)));
    });
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures, 'every server comes up').toEqual([]);
    const healths = [];
    for (const server of servers) {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      healths.push(await health.json());
    }
    return healths;
  };

  test('on an empty database, every one comes up and the schema is made once', async () => {
    const scratch = await createScratchDatabase(postgresUrl as string);
    cleanups.push(scratch.drop);
    await startTogether(scratch.url);
    expect(await appliedMigrations(scratch.url)).toBe(journal.entries.length);
  });

  test('on a database a migration behind, every one comes up and it is applied once', async () => {
    const scratch = await createScratchDatabase(postgresUrl as string);
    cleanups.push(scratch.drop);
    const older = folderWithoutNewest();
    cleanups.push(async () => rmSync(older, { recursive: true, force: true }));
    const behind = await openDatabase({ url: scratch.url, migrationsFolder: older });
    await behind.close();
    expect(await appliedMigrations(scratch.url)).toBe(journal.entries.length - 1);

    await startTogether(scratch.url);
    expect(await appliedMigrations(scratch.url)).toBe(journal.entries.length);
  });

  test.runIf(hasRedis && redisUrl)(
    "on Workers' drivers (Neon, Upstash) on an empty database, every one comes up and the schema is made once",
    async () => {
      const scratch = await createScratchDatabase(postgresUrl as string);
      cleanups.push(scratch.drop);
      const proxy = await acquireNeonWsProxy();
      cleanups.push(proxy.release);
      const bridge = await startUpstashBridge(redisUrl as string, `token-${crypto.randomUUID()}`);
      cleanups.push(bridge.close);
      const healths = await startTogether(scratch.url, {
        DATABASE_DRIVER: 'neon',
        NEON_WS_PROXY: proxy.wsProxy,
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
      });
      expect(healths).toEqual(
        Array.from({ length: processes }, () => ({
          status: 'ok',
          ok: true,
          database: 'neon',
          chunkStore: 'upstash',
          pubsub: 'upstash',
          checks: { database: 'ok', chunkStore: 'ok', pubsub: 'ok' },
          degraded: [],
        })),
      );
      expect(await appliedMigrations(scratch.url)).toBe(journal.entries.length);
    },
  );
});
