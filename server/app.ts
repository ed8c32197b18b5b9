import { Hono } from 'hono';
import { accountRoutes } from './account/routes.ts';
import { type AttachmentDeps, attachmentRoutes } from './attachments/routes.ts';
import type { Auth } from './auth/auth.ts';
import { authRoutes } from './auth/routes.ts';
import type { AttemptStore } from './auth/throttle/attempt-store.ts';
import type { AuthThrottle } from './auth/throttle/auth-throttle.ts';
import type { Config } from './config/config.ts';
import type { Database, DatabaseDriver } from './db/database.ts';
import { checkHealth, registerHealthGauge } from './health/health.ts';
import { notFound } from './http/app-error.ts';
import { refuseControlCharacters } from './http/control-characters.ts';
import { errorHandler } from './http/error-handler.ts';
import { loggableError } from './http/loggable-error.ts';
import { requireSameOrigin } from './http/same-origin.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { Runner } from './inference/runner.ts';
import { type KeyDeps, keyRoutes } from './keys/routes.ts';
import type { ModelCatalogSource } from './models/catalog.ts';
import type { Logger } from './observability/log.ts';
import type { Metrics } from './observability/metrics.ts';
import { mountMetrics } from './observability/metrics-route.ts';
import { requestLog } from './observability/request-log.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import { shareRoutes } from './share/routes.ts';
import type { ChunkStore } from './streams/chunk-store.ts';
import { streamRoutes } from './streams/routes.ts';
import type { Effect } from './sync/mutators.ts';
import { syncRoutes } from './sync/routes.ts';

export type AppDeps = {
  config: Pick<
    Config,
    | 'github'
    | 'google'
    | 'openRouter'
    | 'trustedProxies'
    | 'publicUrl'
    | 'metricsToken'
    | 'shareViewsPerMinute'
  >;
  db: Database;
  databaseDriver: DatabaseDriver;
  pubsub: PubSub;
  chunks: ChunkStore;
  runner: Runner;
  catalog: ModelCatalogSource;
  auth: Auth;
  /** Origins the app is served from: state-changing API requests must come from one. */
  trustedOrigins: readonly string[];
  /** People's own provider keys: how they are sealed and checked. */
  keys: Pick<KeyDeps, 'cipher' | 'checkKey'>;
  authThrottle: AuthThrottle;
  /** Where sign-in attempts and messages on the operator's key are counted. */
  attempts: Pick<AttemptStore, 'clear' | 'take'>;
  /** Where attachments' bytes are kept, the sweep of deleted ones, and each person's quota. */
  attachments: Pick<AttachmentDeps, 'storage' | 'sweeper' | 'quotaBytes'>;
  heartbeatMs?: number | undefined;
  /** Where request lines and errors go (JSON lines). */
  log: Logger;
  /** What `GET /metrics` exposes; the parts that count something move it. */
  metrics: Metrics;
  /** How a person's id appears in the logs: a keyed hash (observability/person-hash.ts). */
  hashPerson: (personId: string) => string;
};

/** The whole HTTP API, composed from one router per capability. Static files are the entry's job. */
export function createApp(deps: AppDeps) {
  const { db, pubsub, auth } = deps;
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  // Outermost, so its duration covers everything and every response carries the request's id.
  app.use(requestLog(deps.log, deps.hashPerson));
  // First, so every response carries them: API, errors, refusals and the static files added later.
  app.use(securityHeaders({ publicUrl: deps.config.publicUrl }));
  // Before every route, those added later included; Better Auth checks its own origins.
  app.use(
    '/api/*',
    refuseControlCharacters,
    requireSameOrigin(deps.trustedOrigins, {
      skip: (path) => path.startsWith('/api/auth/'),
      binaryUpload: isAttachmentUpload,
      formPost: isShareContinuation,
    }),
  );

  app.get('/api/health', async (c) => {
    const { httpStatus, body } = await checkHealth(deps);
    return c.json(body, httpStatus);
  });
  mountMetrics(app, deps.metrics.registry, deps.config.metricsToken);
  registerHealthGauge(deps.metrics.registry, deps);

  app.get('/api/config', (c) =>
    c.json({
      providers: { github: Boolean(deps.config.github), google: Boolean(deps.config.google) },
      // Whether OpenRouter models answer for someone who has not saved a key of their own.
      operatorKey: Boolean(deps.config.openRouter.apiKey),
    }),
  );

  app.get('/api/models', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await deps.catalog.get());
  });

  app.route(
    '/api/auth',
    authRoutes({
      auth,
      throttle: deps.authThrottle,
      trustedProxies: deps.config.trustedProxies,
      onRefused: (kind) => deps.metrics.refusals.inc({ kind }),
    }),
  );

  const runEffects = (userId: string, effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.kind === 'startRun') deps.runner.startWaiting(userId);
      else if (effect.kind === 'sweepAttachments') void deps.attachments.sweeper.sweep();
      else
        deps.runner.stop(effect.messageId).catch((error: unknown) => {
          deps.log.error('stop failed', {
            messageId: effect.messageId,
            error: loggableError(error),
          });
        });
    }
  };
  app.route(
    '/api/replicache',
    syncRoutes({
      db,
      auth,
      pubsub,
      storage: deps.attachments.storage,
      runEffects,
      heartbeatMs: deps.heartbeatMs,
      metrics: deps.metrics,
      log: deps.log,
    }),
  );

  app.route(
    '/api/streams',
    streamRoutes({
      db,
      auth,
      chunks: deps.chunks,
      heartbeatMs: deps.heartbeatMs,
      metrics: deps.metrics,
      log: deps.log,
    }),
  );

  app.route('/api/keys', keyRoutes({ db, auth, ...deps.keys }));

  app.route(
    '/api/account',
    accountRoutes({
      db,
      auth,
      throttle: deps.authThrottle,
      attempts: deps.attempts,
      runner: deps.runner,
      sweeper: deps.attachments.sweeper,
      storage: deps.attachments.storage,
      trustedProxies: deps.config.trustedProxies,
    }),
  );

  app.route(
    '/api/attachments',
    attachmentRoutes({
      db,
      auth,
      ...deps.attachments,
      answerReady: (userId) => deps.runner.startWaiting(userId),
    }),
  );

  // The shared pages and their files: open to anyone with the link, answered before the
  // client's fallback (the shell) could take `/share/*`.
  app.route(
    '/',
    shareRoutes({
      db,
      auth,
      pubsub,
      storage: deps.attachments.storage,
      attempts: deps.attempts,
      viewsPerMinute: deps.config.shareViewsPerMinute,
      trustedProxies: deps.config.trustedProxies,
      quotaBytes: deps.attachments.quotaBytes,
    }),
  );

  app.all('/api/*', () => {
    throw notFound('No such endpoint.');
  });
  return app;
}

/** `Continue this chat` on a shared page: a plain form, so it works with no script. */
function isShareContinuation(method: string, path: string): boolean {
  return method === 'POST' && /^\/api\/shares\/[^/]+\/continue$/.test(path);
}

/** The requests that carry a file's raw bytes: the uploads of `/api/attachments`. */
function isAttachmentUpload(method: string, path: string): boolean {
  return (
    (method === 'POST' && path === '/api/attachments') ||
    (method === 'PUT' && /^\/api\/attachments\/[^/]+$/.test(path))
  );
}
