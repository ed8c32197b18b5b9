import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { clientBuildFolder, projectRoot } from '../project-paths.ts';
import { writeWorkersAssetFiles } from '../workers-assets.ts';
import { startNeonWsProxy } from './neon-ws-proxy.ts';
import { createScratchDatabase } from './test-databases.ts';
import { startUpstashBridge } from './upstash-bridge.ts';
import { waitFor } from './wait-for.ts';

export type WranglerDev = {
  url: string;
  /** The Worker's database, opened from Node: for tests that read the rows it wrote. */
  database: DatabaseHandle;
  /** What wrangler and the Worker printed so far. */
  output(): string;
  /** Ends wrangler and workerd at once (SIGKILL of the group), as a machine losing power would. */
  kill(): Promise<void>;
  /**
   * Starts wrangler again, killed or not, on the same port, variables and state folder (its
   * Durable Objects' storage and alarms, R2). Resolves once a static file is served: no request
   * reaches an object, so whatever wakes one is the Worker's own doing.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
};

export type WranglerDevOptions = {
  /** A Postgres server: a fresh database is made on it, reached through a Neon proxy. */
  adminDatabaseUrl: string;
  /** A Redis server, reached through an Upstash REST bridge. */
  redisUrl: string;
  /** More variables for the Worker. */
  env?: Record<string, string>;
};

/**
 * The Workers entry under `wrangler dev --local` (workerd, no Cloudflare account), serving the
 * built client in dist/client: a fresh, migrated Postgres database reached through a Neon
 * WebSocket proxy, Redis through an Upstash REST bridge, local R2 and Durable Objects kept in
 * a temporary folder, and `env` as its variables (written to an env file there). Resolves once
 * `/api/health` answers.
 */
export async function startWranglerDev({
  adminDatabaseUrl,
  redisUrl,
  env = {},
}: WranglerDevOptions): Promise<WranglerDev> {
  const folder = await mkdtemp(join(tmpdir(), 'parley-wrangler-'));
  const scratch = await createScratchDatabase(adminDatabaseUrl);
  // Migrations run from Node, as before a deploy (drizzle-kit migrate against Neon).
  const database = await openDatabase({ url: scratch.url });
  const proxy = await startNeonWsProxy();
  const bridge = await startUpstashBridge(redisUrl, randomBytes(16).toString('hex'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // What a deploy writes beside the client (npm run build:workers): headers and what to skip.
  await writeWorkersAssetFiles(clientBuildFolder, url);
  const variables = {
    NODE_ENV: 'development',
    PUBLIC_URL: url,
    DATABASE_URL: scratch.url,
    NEON_WS_PROXY: proxy.wsProxy,
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    BETTER_AUTH_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
    KEY_ENCRYPTION_SECRET: 'another-test-secret-of-at-least-thirty-two-chars',
    ...env,
  };
  const envFile = join(folder, '.dev.vars');
  await writeFile(
    envFile,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join('\n'),
  );
  let output = '';
  const launch = async () =>
    spawnWrangler({
      port,
      inspectorPort: await freePort(),
      state: join(folder, 'state'),
      envFile,
      output: (chunk) => {
        output += chunk;
      },
    });
  let child = await launch();
  const served = (path: string, what: string) =>
    waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
        const response = await fetch(`${url}${path}`).catch(() => undefined);
        await response?.body?.cancel();
        return response?.ok ? true : undefined;
      },
      { timeoutMs: 150_000, what },
    );
  const close = async () => {
    await stopGroup(child);
    await proxy.close();
    await bridge.close();
    await database.close();
    await scratch.drop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await served('/api/health', `wrangler dev to serve ${url}`);
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  const kill = () => stopGroup(child, 'SIGKILL');
  return {
    url,
    database,
    output: () => output,
    kill,
    async restart() {
      await kill();
      child = await launch();
      await served('/sw.js', `wrangler dev to serve ${url} again`);
    },
    close,
  };
}

/** `wrangler dev --local` on `port`, keeping its objects' and R2's state in `state`. */
function spawnWrangler(options: {
  port: number;
  inspectorPort: number;
  state: string;
  envFile: string;
  output: (chunk: string) => void;
}): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      join(projectRoot, 'node_modules/wrangler/bin/wrangler.js'),
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--inspector-port',
      String(options.inspectorPort),
      '--persist-to',
      options.state,
      '--env-file',
      options.envFile,
      '--show-interactive-dev-session=false',
      '--log-level',
      'log',
    ],
    {
      cwd: projectRoot,
      // Its own process group: wrangler starts workerd, and both must stop with it.
      detached: true,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const collect = (chunk: Buffer) => options.output(chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return child;
}

/** Ends wrangler and the workerd it started, the whole process group: asked, or `signal` at once. */
async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, signal);
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
  if (!stopped) {
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}
