import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { loadConfig } from '../config/config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { type RunningServer, startServer } from '../start-server.ts';
import type { ChunkStore } from '../streams/chunk-store.ts';
import { sharedRedisSignUps } from './shared-redis-sign-ups.ts';

/** A real server on a free loopback port, with test secrets and its own data folder. */
export async function startTestServer(options: {
  database: DatabaseHandle;
  pubsub?: PubSub | undefined;
  chunks?: ChunkStore | undefined;
  attachments?: AttachmentStorage | undefined;
  clientRoot?: string | undefined;
  heartbeatMs?: number | undefined;
  /** The clock of the limits kept in memory (see `StartOptions.now`). */
  now?: (() => number) | undefined;
  /** How long an answer waits for its message's uploads. */
  uploadWaitMs?: number | undefined;
  /** Extra environment, e.g. `DEMO_WORDS_PER_SECOND` or `OPENROUTER_BASE_URL`. */
  env?: Record<string, string> | undefined;
  /** Where the server's log lines go (with `LOG_LEVEL` in `env`); otherwise stdout. */
  writeLog?: ((line: string) => void) | undefined;
}): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-test-')),
    BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    KEY_ENCRYPTION_SECRET: 'test-key-secret-test-key-secret-test-0123',
    // Tests never reach the real OpenRouter; suites that need a provider pass the fake's URL.
    OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
    ...(options.env?.REDIS_URL ? sharedRedisSignUps : {}),
    ...options.env,
  });
  return startServer({ config, ...options });
}
