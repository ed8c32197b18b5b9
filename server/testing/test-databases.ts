import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { type NeonWsProxy, startNeonWsProxy } from './neon-ws-proxy.ts';
import { requireServiceOrWarn } from './services.ts';

export type DatabaseTarget = {
  name: 'pglite' | 'postgres' | 'neon';
  open(): Promise<DatabaseHandle>;
};

const postgresUrl = process.env.TEST_DATABASE_URL;

/**
 * The databases every database test runs on: PGlite always, and the real Postgres when
 * `TEST_DATABASE_URL` is set (required in CI). Each `open()` is a fresh, empty, migrated
 * database; closing it drops it. With `neon`, the same Postgres also through Neon's serverless
 * driver (a WebSocket proxy in front of it), for the suites that stand for the rest.
 */
export function databaseTargets({ neon = false }: { neon?: boolean } = {}): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [
    { name: 'pglite', open: () => openDatabase({ dataDir: undefined }) },
  ];
  const hasPostgres = requireServiceOrWarn(
    'Postgres',
    Boolean(postgresUrl),
    'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
  );
  if (hasPostgres && postgresUrl) {
    targets.push({ name: 'postgres', open: () => openFreshPostgres(postgresUrl) });
    if (neon) targets.push({ name: 'neon', open: () => openFreshNeon(postgresUrl) });
  }
  return targets;
}

// One proxy for every Neon database open in this process, stopped when the last is closed.
let proxy: Promise<NeonWsProxy> | undefined;
let proxyUsers = 0;

/** A WebSocket proxy in front of the test Postgres, as Neon's driver reaches a database. */
export async function acquireNeonWsProxy(): Promise<{ wsProxy: string; release(): Promise<void> }> {
  proxyUsers += 1;
  proxy ??= startNeonWsProxy();
  const { wsProxy } = await proxy;
  let released = false;
  return {
    wsProxy,
    async release() {
      if (released) return;
      released = true;
      proxyUsers -= 1;
      if (proxyUsers > 0 || proxy === undefined) return;
      const stopping = proxy;
      proxy = undefined;
      await (await stopping).close();
    },
  };
}

async function openFreshNeon(adminUrl: string): Promise<DatabaseHandle> {
  const scratch = await createScratchDatabase(adminUrl);
  const { wsProxy, release } = await acquireNeonWsProxy();
  const handle = await openDatabase({ url: scratch.url, driver: 'neon', wsProxy }).catch(
    async (error: unknown) => {
      await release();
      await scratch.drop();
      throw error;
    },
  );
  return {
    ...handle,
    async close() {
      await handle.close();
      await release();
      await scratch.drop();
    },
  };
}

async function openFreshPostgres(adminUrl: string): Promise<DatabaseHandle> {
  const scratch = await createScratchDatabase(adminUrl);
  const handle = await openDatabase({ url: scratch.url });
  return {
    ...handle,
    async close() {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** A new, empty Postgres database next to `adminUrl`'s, and how to drop it again. */
export async function createScratchDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
