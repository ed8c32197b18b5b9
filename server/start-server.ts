import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { openFileStorage } from './attachments/file-storage.ts';
import type { AttachmentStorage } from './attachments/storage.ts';
import { createAttachmentSweeper } from './attachments/sweep.ts';
import { openAttemptStore } from './auth/throttle/open-attempt-store.ts';
import { composeApp } from './compose-app.ts';
import type { Config } from './config/config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { openDatabase } from './db/open-database.ts';
import { createLogger } from './observability/log.ts';
import { createMetrics } from './observability/metrics.ts';
import { setProcessLog } from './observability/process-log.ts';
import { openPubSub } from './pubsub/open-pubsub.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import { reach } from './start-up-error.ts';
import { serveClient } from './static-files.ts';
import type { ChunkStore } from './streams/chunk-store.ts';
import { openChunkStore } from './streams/open-chunk-store.ts';

export type StartOptions = {
  config: Config;
  /** An already open database (tests); otherwise the configured one is opened. */
  database?: DatabaseHandle | undefined;
  pubsub?: PubSub | undefined;
  chunks?: ChunkStore | undefined;
  /** Where attachments' bytes go; otherwise files under `DATA_DIR/attachments`. */
  attachments?: AttachmentStorage | undefined;
  /** Folder of the built client to serve, if any. */
  clientRoot?: string | undefined;
  heartbeatMs?: number | undefined;
  /**
   * The clock limits count by when they are kept in this process's memory (tests move it on
   * to see a window end); a shared store keeps its own.
   */
  now?: (() => number) | undefined;
  /** How long an answer waits for its message's uploads (tests shorten it; 30 minutes). */
  uploadWaitMs?: number | undefined;
  /** Where log lines go (tests read them); otherwise stdout. */
  writeLog?: ((line: string) => void) | undefined;
};

export type RunningServer = {
  url: string;
  database: DatabaseHandle;
  /** Every route the app serves (method and path pattern): what probes must reach. */
  routes: readonly { method: string; path: string }[];
  close(): Promise<void>;
};

/**
 * Opens the stores, listens, and serves the API (and the client build). The port is bound
 * before the app is built so that port 0 works: auth needs the final URL for its cookies.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const log = createLogger({ level: config.logLevel, write: options.writeLog });
  // The runner, the stores and sweeps write to the process's log: this one, from here on.
  setProcessLog(log);
  const metrics = createMetrics();
  const { database, pubsub, chunks, attempts } = await openStores(options);
  const attachmentStorage =
    options.attachments ?? (await openFileStorage(join(config.dataDir, 'attachments')));
  const attachmentSweeper = createAttachmentSweeper(database.db, attachmentStorage);

  let handler: Hono | undefined;
  const server = serve({
    fetch: (request, env) =>
      handler ? handler.fetch(request, env) : new Response(null, { status: 503 }),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url =
    config.publicUrl ?? `http://${config.host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${port}`;

  // Local conveniences: the loopback aliases and the Vite dev server.
  const extraTrustedOrigins =
    config.env === 'production'
      ? []
      : [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'http://localhost:5173'];
  const { app, runner, stopForgetting } = await composeApp({
    config,
    database,
    pubsub,
    chunks,
    attempts,
    attachments: { storage: attachmentStorage, sweeper: attachmentSweeper },
    url,
    extraTrustedOrigins,
    heartbeatMs: options.heartbeatMs,
    now: options.now,
    uploadWaitMs: options.uploadWaitMs,
    log,
    metrics,
  });
  if (options.clientRoot) serveClient(app, options.clientRoot);
  handler = app;
  // Answers left streaming by a dead process end as interrupted; answers accepted but never
  // started (the process died in between) start now.
  await runner.recover();
  // Bytes of attachments deleted while no process was sweeping (a crash, another process).
  void attachmentSweeper.sweep();

  return {
    url,
    database,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    async close() {
      await runner.close();
      await attachmentSweeper.close();
      await stopForgetting().catch(() => {});
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await attempts.close();
      if (!options.pubsub) await pubsub.close();
      if (!options.chunks) await chunks.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * The stores the options do not bring, opened from the configuration: Redis first (it fails
 * fast), then the database. A service out of reach stops start-up with a `StartUpError` naming
 * its variable; whatever was opened before it is closed again.
 */
async function openStores(options: StartOptions) {
  const { config } = options;
  const opened: { close(): Promise<void> }[] = [];
  const open = async <T extends { close(): Promise<void> }>(
    variable: string,
    url: string | undefined,
    connect: () => Promise<T>,
  ): Promise<T> => {
    const store = await (url === undefined ? connect() : reach(variable, url, connect));
    opened.push(store);
    return store;
  };
  try {
    // The shared Redis, over TCP or through Upstash's REST API (never both: see config).
    const [redisVariable, redisAddress] = config.upstash
      ? ['UPSTASH_REDIS_REST_URL', config.upstash.url]
      : ['REDIS_URL', config.redisUrl];
    const pubsub =
      options.pubsub ??
      (await open(redisVariable, redisAddress, () => openPubSub(config.redisUrl, config.upstash)));
    const chunks =
      options.chunks ??
      (await open(redisVariable, redisAddress, () =>
        openChunkStore(config.redisUrl, config.upstash),
      ));
    const database =
      options.database ??
      (await open('DATABASE_URL', config.databaseUrl, () =>
        openDatabase(
          config.databaseUrl === undefined
            ? { dataDir: config.dataDir }
            : config.databaseDriver === 'neon'
              ? { url: config.databaseUrl, driver: 'neon', wsProxy: config.neonWsProxy }
              : { url: config.databaseUrl },
        ),
      ));
    // Where sign-in attempts and messages on the operator's key are counted: Redis over TCP,
    // else a Postgres database (Neon's too), else memory.
    const attempts = await open('REDIS_URL', config.redisUrl, () =>
      openAttemptStore(config.redisUrl, database, options.now),
    );
    return { database, pubsub, chunks, attempts };
  } catch (error) {
    await Promise.allSettled(opened.map((store) => store.close()));
    throw error;
  }
}
