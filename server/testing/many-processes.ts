import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildServer, killChild, type ServerEntry, startChildServer } from './child-server.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.ts';
import { createScratchDatabase } from './test-databases.ts';

export type ManyProcesses = {
  /** The proxy's URL: the app's public URL, where every request goes to the next process. */
  url: string;
  proxy: RoundRobinProxy;
  /** The processes behind the proxy, in its order; each also answers at its own `url`. */
  processes: ChildServer[];
  /** The Postgres database they share. */
  databaseUrl: string;
  /** Which process the lease owner named in an answer's row is (see the runner's owner id). */
  indexOfOwner(leaseOwner: string): number;
  /** Stops every process (SIGKILL), the proxy, and drops the database. */
  close(): Promise<void>;
};

const postgresUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

/**
 * The app as a deployment runs it: `count` server processes (three unless said) sharing one
 * fresh Postgres database (TEST_DATABASE_URL's server) and Redis (TEST_REDIS_URL), one folder
 * of attachments (a shared volume), behind a round-robin proxy whose URL is their public URL.
 * The processes trust the proxy's `X-Forwarded-For`. Started together: migrations take turns.
 */
export async function startManyProcesses(
  env: Record<string, string> = {},
  options: {
    count?: number;
    entry?: ServerEntry;
    /** The Postgres server to make the database on (TEST_DATABASE_URL's unless given). */
    postgresUrl?: string | undefined;
    redisUrl?: string | undefined;
  } = {},
): Promise<ManyProcesses> {
  const { count = 3, entry = 'source' } = options;
  const postgres = options.postgresUrl ?? postgresUrl;
  const redis = options.redisUrl ?? redisUrl;
  if (!postgres || !redis) {
    throw new Error('many processes need TEST_DATABASE_URL and TEST_REDIS_URL');
  }
  const scratch = await createScratchDatabase(postgres);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-many-'));
  const ports = await Promise.all(Array.from({ length: count }, freePort));
  const proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  const started = await Promise.allSettled(
    ports.map((port) =>
      startChildServer(
        {
          BETTER_AUTH_SECRET: 'many-processes-secret-many-processes-0123',
          KEY_ENCRYPTION_SECRET: 'many-processes-key-many-processes-key-01',
          DATA_DIR: dataDir,
          DATABASE_URL: scratch.url,
          REDIS_URL: redis,
          PUBLIC_URL: proxy.url,
          TRUSTED_PROXY: '127.0.0.1',
          PORT: String(port),
          ...env,
        },
        entry,
      ),
    ),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    await Promise.all(processes.map((child) => killChild(child.process)));
    await proxy.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  // Each prints the public URL; its own is the port it was given.
  const own = processes.map((child, i) => ({ ...child, url: `http://127.0.0.1:${ports[i]}` }));
  return {
    url: proxy.url,
    proxy,
    processes: own,
    databaseUrl: scratch.url,
    indexOfOwner(leaseOwner) {
      const pid = Number(leaseOwner.split(':')[1]);
      return own.findIndex((child) => child.process.pid === pid);
    },
    close,
  };
}

/** A loopback port free now (the kernel's pick), for a process started next to listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
