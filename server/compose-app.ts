import { createApp } from './app.ts';
import type { AttachmentStorage } from './attachments/storage.ts';
import type { AttachmentSweeper } from './attachments/sweep.ts';
import { createAuth, deletedSessionsChannel } from './auth/auth.ts';
import type { AttemptStore } from './auth/throttle/attempt-store.ts';
import { createAuthThrottle } from './auth/throttle/auth-throttle.ts';
import type { Config } from './config/config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { createMessageLimits } from './inference/message-limits.ts';
import { createModelResolver, operatorKeyPays } from './inference/providers.ts';
import { createRunner } from './inference/runner.ts';
import { checkOpenRouterKey } from './keys/check-key.ts';
import { createKeyCipher } from './keys/key-cipher.ts';
import { openRouterKeySummary, readOpenRouterKey } from './keys/key-store.ts';
import { createModelCatalog } from './models/catalog.ts';
import { catalogContextLengths } from './models/context-length.ts';
import { catalogImageOutput } from './models/image-output.ts';
import { catalogInputModalities } from './models/input-modalities.ts';
import type { Logger } from './observability/log.ts';
import type { Metrics } from './observability/metrics.ts';
import { personHasher } from './observability/person-hash.ts';
import { mayHaveMissed, type PubSub } from './pubsub/pubsub.ts';
import type { ChunkStore } from './streams/chunk-store.ts';

export type ComposeOptions = {
  config: Config;
  database: Pick<DatabaseHandle, 'db' | 'driver'>;
  pubsub: PubSub;
  chunks: ChunkStore;
  attempts: AttemptStore;
  attachments: { storage: AttachmentStorage; sweeper: AttachmentSweeper };
  /** The URL the app is served at: auth's cookies and links name it. */
  url: string;
  /** Origins trusted beside `url` (local conveniences). */
  extraTrustedOrigins: readonly string[];
  heartbeatMs?: number | undefined;
  now?: (() => number) | undefined;
  uploadWaitMs?: number | undefined;
  /** Where request lines and errors go (JSON lines). */
  log: Logger;
  /** What `GET /metrics` exposes. */
  metrics: Metrics;
};

/**
 * The app and its runner built from open stores: what every entry (Node, Workers) shares.
 * Nothing here opens a store or imports a runtime's own module; the entry brings them.
 */
export async function composeApp(options: ComposeOptions) {
  const { config, database, pubsub, chunks, attempts, url, log, metrics } = options;
  const { storage: attachmentStorage, sweeper: attachmentSweeper } = options.attachments;
  const extraTrustedOrigins = [...options.extraTrustedOrigins];
  const auth = createAuth({
    db: database.db,
    config,
    baseUrl: url,
    extraTrustedOrigins,
    pubsub,
  });
  // After an outage of the pub/sub, deletions announced meanwhile are lost: the cache's short
  // trust bounds how long such a session still passes.
  const stopForgetting = await pubsub.subscribe(deletedSessionsChannel, (token) => {
    if (token !== mayHaveMissed) auth.sessions.forget(token);
  });
  const keyCipher = createKeyCipher({
    secret: config.keyEncryptionSecret,
    previousSecret: config.keyEncryptionSecretPrevious,
  });
  const catalog = createModelCatalog({ baseUrl: config.openRouter.baseUrl });
  const runner = createRunner({
    db: database.db,
    chunks,
    pubsub,
    languageModel: createModelResolver({
      openRouterApiKey: config.openRouter.apiKey,
      openRouterBaseUrl: config.openRouter.baseUrl,
      demoWordsPerSecond: config.demoWordsPerSecond,
      personalKey: (userId) => readOpenRouterKey(database.db, keyCipher, userId),
    }),
    fallbackModels: config.fallbackModels,
    leaseMs: config.runLeaseMs,
    // Titles come from an OpenRouter model, on the person's key or the operator's: only
    // answers from OpenRouter are titled, so whoever got one has a key that works.
    titleModel: config.titleModel,
    maxRunsPerPerson: config.maxRunsPerPerson,
    admit: createMessageLimits({
      store: attempts,
      limits: config.messageLimits,
      operatorPays: operatorKeyPays({
        openRouterApiKey: config.openRouter.apiKey,
        hasOwnKey: async (userId) => (await openRouterKeySummary(database.db, userId)) !== null,
      }),
      now: options.now,
    }),
    contextLength: catalogContextLengths(catalog),
    images: {
      db: database.db,
      storage: attachmentStorage,
      quotaBytes: config.attachmentQuotaBytes,
      outputsImages: catalogImageOutput(catalog),
    },
    inputModalities: catalogInputModalities(catalog),
    attachments: attachmentStorage,
    uploadWaitMs: options.uploadWaitMs,
    metrics,
  });
  const app = createApp({
    config,
    db: database.db,
    databaseDriver: database.driver,
    pubsub,
    chunks,
    runner,
    catalog,
    auth,
    trustedOrigins: [url, ...extraTrustedOrigins],
    keys: {
      cipher: keyCipher,
      checkKey: (key) => checkOpenRouterKey(config.openRouter.baseUrl, key),
    },
    authThrottle: createAuthThrottle(attempts, config.authLimits),
    attempts,
    attachments: {
      storage: attachmentStorage,
      sweeper: attachmentSweeper,
      quotaBytes: config.attachmentQuotaBytes,
    },
    heartbeatMs: options.heartbeatMs,
    log,
    metrics,
    hashPerson: personHasher(config.authSecret),
  });
  return { app, runner, stopForgetting };
}
