// The Cloudflare Workers entry (wrangler.toml; how to deploy: docs/deploy-workers.md).
// Static files are Workers static assets, served before this code runs. Every API request, and
// every shared page, goes to a Durable Object: the one of the person its session belongs to, or
// a shared one for requests without a session (sign-up, sign-in, health, the model list, a
// stranger's look at a shared page). Inside an object the app runs as it does in one Node
// process: its runs outlive the request that started them, and a person's devices, all served
// by their object, are poked from its memory.
import { type R2BucketLike, r2Storage } from './attachments/r2-storage.ts';
import { createAttachmentSweeper } from './attachments/sweep.ts';
import { createPostgresAttemptStore } from './auth/throttle/postgres-attempt-store.ts';
import { composeApp } from './compose-app.ts';
import { loadConfig } from './config/config.ts';
import { connectNeon } from './db/neon-database.ts';
import { createLogger } from './observability/log.ts';
import { createMetrics } from './observability/metrics.ts';
import { setProcessLog } from './observability/process-log.ts';
import { createMemoryPubSub } from './pubsub/memory-pubsub.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import { createUpstashPubSub } from './pubsub/upstash-pubsub.ts';
import type { ChunkStore } from './streams/chunk-store.ts';
import { createMemoryChunkStore } from './streams/memory-chunk-store.ts';
import { createUpstashChunkStore } from './streams/upstash-chunk-store.ts';

type DurableObjectStub = { fetch(request: Request): Promise<Response> };
type DurableObjectNamespace = {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
};
type DurableObjectState = {
  storage: {
    setAlarm(time: number): Promise<void>;
    getAlarm(): Promise<number | null>;
  };
  blockConcurrencyWhile<T>(work: () => Promise<T>): Promise<T>;
};

export type WorkerEnv = {
  /** The built client (`[assets]`). */
  ASSETS: { fetch(request: Request): Promise<Response> };
  /** Attachments' bytes (`[[r2_buckets]]`). */
  ATTACHMENTS: R2BucketLike;
  /** One object per person, and one for requests without a session. */
  PEOPLE: DurableObjectNamespace;
  /** Neon's Postgres URL; with `NEON_WS_PROXY`, any Postgres behind that WebSocket proxy. */
  DATABASE_URL: string;
  NEON_WS_PROXY?: string;
  [variable: string]: unknown;
};

/** The object that serves requests without a session. */
const publicObject = 'public';

/** What a Worker's request may hand on past its response. */
type ExecutionContext = { waitUntil(work: Promise<unknown>): void };

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    // The shared pages are rendered by the app (`run_worker_first` sends them here too).
    if (!pathname.startsWith('/api/') && !pathname.startsWith('/share/'))
      return env.ASSETS.fetch(request);
    const person = await personOf(request, env, ctx);
    const stub = env.PEOPLE.get(env.PEOPLE.idFromName(person ?? publicObject));
    return stub.fetch(request);
  },
};

/**
 * Whose session the request carries, by its cookie's token (the part before the signature).
 * Only routing rests on this: the person's object checks the session in full, signature
 * included, as every route does. A token that names no live session goes to the public object.
 */
async function personOf(
  request: Request,
  env: WorkerEnv,
  ctx: ExecutionContext,
): Promise<string | undefined> {
  const token = sessionToken(request.headers.get('cookie'));
  if (token === undefined) return undefined;
  const known = routes.get(token);
  if (known && known.until > Date.now()) return known.person;
  // A connection per lookup: a Worker may not use one request's socket in another's.
  const database = connectNeon({ url: env.DATABASE_URL, wsProxy: env.NEON_WS_PROXY, max: 1 });
  try {
    const result = await database.pool.query<{ user_id: string }>(
      'select user_id from session where token = $1 and expires_at > now()',
      [token],
    );
    const person = result.rows[0]?.user_id;
    if (person !== undefined) {
      if (routes.size >= maxRoutes) routes.clear();
      routes.set(token, { person, until: Date.now() + routeTrustMs });
    }
    return person;
  } finally {
    // Let go after the response: the request need not wait for the goodbye. The connection is
    // closed on purpose, so its closing is no news worth a warning.
    database.pool.removeAllListeners('error');
    database.pool.on('error', () => {});
    ctx.waitUntil(database.close().catch(() => {}));
  }
}

/**
 * Whose object a session's requests go to, remembered by this isolate for half a minute: a
 * person's devices then reach their object without a database round trip each. Only routing
 * trusts it (a session ended meanwhile is refused by the object, which checks it in full).
 */
const routes = new Map<string, { person: string; until: number }>();
const routeTrustMs = 30_000;
const maxRoutes = 10_000;

/** Better Auth's session cookie (`__Secure-` over https) is `token.signature`, URL-encoded. */
function sessionToken(cookies: string | null): string | undefined {
  if (cookies === null) return undefined;
  for (const cookie of cookies.split(';')) {
    const [name, ...rest] = cookie.trim().split('=');
    if (name !== 'better-auth.session_token' && name !== '__Secure-better-auth.session_token')
      continue;
    const token = decodeURIComponent(rest.join('=')).split('.')[0];
    if (token) return token;
  }
  return undefined;
}

/** How often an object with answers generating wakes itself, so it is not evicted mid-run. */
const keepAliveMs = 10_000;

/**
 * A Durable Object that serves the API as one Node process would: one per person (their
 * streams, runs and pokes), and the public one. It composes the app on its first request.
 */
export class PersonServer {
  readonly #state: DurableObjectState;
  readonly #env: WorkerEnv;
  #served: Promise<Served> | undefined;

  constructor(state: DurableObjectState, env: WorkerEnv) {
    this.#state = state;
    this.#env = env;
  }

  async fetch(request: Request): Promise<Response> {
    const served = await this.#ready();
    // The client's address, as the edge names it, where Node would read its socket's.
    const address = request.headers.get('cf-connecting-ip') ?? undefined;
    const response = await served.app.fetch(request, {
      incoming: { socket: { remoteAddress: address } },
    });
    void this.#keepAlive(served).catch(() => {});
    return response;
  }

  /**
   * Woken while answers generate: an object with work in flight stays in memory. One evicted
   * meanwhile starts again here, and its runner's recovery ends what it lost as interrupted.
   */
  async alarm(): Promise<void> {
    await this.#keepAlive(await this.#ready());
  }

  /** The app, composed once; a failed start (the database away) is tried again next time. */
  #ready(): Promise<Served> {
    this.#served ??= this.#state.blockConcurrencyWhile(() => serve(this.#env));
    this.#served.catch(() => {
      this.#served = undefined;
    });
    return this.#served;
  }

  async #keepAlive(served: Served): Promise<void> {
    if (!(await served.busy())) return;
    if ((await this.#state.storage.getAlarm()) === null)
      await this.#state.storage.setAlarm(Date.now() + keepAliveMs);
  }
}

type Served = Awaited<ReturnType<typeof serve>>;

/** The app of one object, over the Workers drivers. */
async function serve(env: WorkerEnv) {
  const config = loadConfig(stringVariables(env));
  if (config.publicUrl === undefined) throw new Error('PUBLIC_URL must be set on Workers.');
  if (config.databaseDriver !== 'neon' || config.databaseUrl === undefined)
    throw new Error('DATABASE_DRIVER=neon and DATABASE_URL must be set on Workers.');
  // JSON lines through the console, which Workers Logs collect; the stores and the runner too.
  const log = createLogger({ level: config.logLevel, write: (line) => console.log(line) });
  setProcessLog(log);
  const database = connectNeon({ url: config.databaseUrl, wsProxy: config.neonWsProxy });
  // With Upstash, every object shares the chunks and the messages: a run recovered by another
  // object streams to this person's devices, and a poke from anywhere reaches them. Without it
  // (local trials) each object has its own, which holds as long as one person's requests
  // reach only their own object.
  const { upstash } = config;
  const [pubsub, chunks]: [PubSub, ChunkStore] = upstash
    ? await Promise.all([createUpstashPubSub(upstash), createUpstashChunkStore(upstash)])
    : [createMemoryPubSub(), createMemoryChunkStore()];
  const attempts = createPostgresAttemptStore(database.db);
  const storage = r2Storage(env.ATTACHMENTS);
  const sweeper = createAttachmentSweeper(database.db, storage);
  const { app, runner } = await composeApp({
    config,
    database,
    pubsub,
    chunks,
    attempts,
    attachments: { storage, sweeper },
    url: config.publicUrl,
    extraTrustedOrigins: [],
    log,
    // Per object: what `GET /metrics` shows is the object's that served it (use Workers'
    // own analytics for the whole deployment).
    metrics: createMetrics(),
  });
  await runner.recover();
  return {
    app,
    /** Whether answers are generating here (the runner is not idle within a moment). */
    busy: () =>
      Promise.race([
        runner.idle().then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 50)),
      ]),
  };
}

/** The environment's text variables (secrets included), without the bindings. */
function stringVariables(env: WorkerEnv): Record<string, string | undefined> {
  const variables: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env))
    if (typeof value === 'string') variables[name] = value;
  return variables;
}
