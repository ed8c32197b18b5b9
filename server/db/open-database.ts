import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool as NeonPool } from '@neondatabase/serverless';
import { drizzle as drizzleNeon } from 'drizzle-orm/neon-serverless';
import { migrate as migrateNeon } from 'drizzle-orm/neon-serverless/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { WebSocket } from 'ws';
import { processLog } from '../observability/process-log.ts';
import { migrationsFolder } from '../project-paths.ts';
import type { Database, DatabaseHandle } from './database.ts';
import { connectNeon, type WebSocketConstructor } from './neon-database.ts';
import * as schema from './schema.ts';
import { TakingTurnsPGlite } from './taking-turns-pglite.ts';

export type DatabaseOptions =
  /**
   * Postgres over TCP (node-postgres). `migrationsFolder` is the project's own but in tests
   * that bring a database to an earlier schema.
   */
  | { url: string; driver?: 'postgres' | undefined; migrationsFolder?: string }
  /**
   * Postgres over a WebSocket (Neon's serverless driver), through `wsProxy` when the database
   * is not Neon's. Migrated here as node-postgres is; a Worker never migrates.
   */
  | { url: string; driver: 'neon'; wsProxy?: string | undefined; migrationsFolder?: string }
  /** Embedded PGlite persisted in a folder, or in memory when `dataDir` is undefined. */
  | { url?: undefined; dataDir: string | undefined };

/** Opens the configured database and brings its schema up to date before returning it. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url !== undefined && options.driver === 'neon') {
    const handle = connectNeon({
      url: options.url,
      wsProxy: options.wsProxy,
      // Node 20 has no global WebSocket; Node 22 and Workers do.
      webSocketConstructor: WebSocket as unknown as WebSocketConstructor,
    });
    try {
      await migrateNeonTakingTurns(handle.pool, options.migrationsFolder ?? migrationsFolder);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return { db: handle.db, driver: handle.driver, close: handle.close };
  }
  if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection the server ends (a restart, a failover, an administrator) is an event
    // on the pool, and an unheard one would take the whole process down. The pool opens a new
    // connection when next asked.
    pool.on('error', (error) => {
      processLog.warn('db.idle_connection_closed', { driver: 'postgres', error: error.message });
    });
    const db = drizzlePg({ client: pool, schema });
    try {
      await migrateTakingTurns(pool, options.migrationsFolder ?? migrationsFolder);
    } catch (error) {
      // Out of reach (or refused): let the pool go, so nothing keeps trying in the background.
      await pool.end().catch(() => {});
      throw error;
    }
    return { db: db as unknown as Database, driver: 'postgres', close: () => pool.end() };
  }
  let path: string | undefined;
  if (options.dataDir !== undefined) {
    path = join(options.dataDir, 'pglite');
    mkdirSync(path, { recursive: true });
  }
  // One statement at a time in this thread: see TakingTurnsPGlite for why each waits its turn.
  const client = path === undefined ? new TakingTurnsPGlite() : new TakingTurnsPGlite(path);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Database, driver: 'pglite', close: () => client.close() };
}

/**
 * Any number, the same in every process: the key of the session lock migrations run under.
 * Its value means nothing; it must only not clash with another lock on the same database.
 */
const migrationLockKey = 7_205_113_094;

/**
 * Brings the schema up to date while holding a Postgres advisory lock, so that processes
 * starting together on one database take turns: the first migrates, the others wait, then
 * find nothing left to do. Drizzle's migrator takes no lock of its own, and two of them at
 * once fail on the tables (or the schema) the other has just made. The lock is the
 * connection's: a process that dies while migrating lets it go with its connection.
 */
async function migrateTakingTurns(pool: pg.Pool, folder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}

/** {@link migrateTakingTurns} on a Neon pool: the same lock, on one of its connections. */
async function migrateNeonTakingTurns(pool: NeonPool, folder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await migrateNeon(drizzleNeon({ client }), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}
