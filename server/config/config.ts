import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { LogLevel } from '../observability/log.ts';
import { ConfigError, type Env, parseEnv } from './env.ts';

/** Everything the server needs to start, resolved from the environment and `DATA_DIR`. */
export type Config = {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
  /** How `databaseUrl` is reached; `neonWsProxy` only with `neon`. */
  databaseDriver: 'postgres' | 'neon';
  neonWsProxy: string | undefined;
  redisUrl: string | undefined;
  /** Upstash's Redis REST API, for pub/sub and the chunk store (never with `redisUrl`). */
  upstash: { url: string; token: string } | undefined;
  openRouter: { apiKey: string | undefined; baseUrl: string };
  authSecret: string;
  keyEncryptionSecret: string;
  keyEncryptionSecretPrevious: string | undefined;
  github: OAuthClient | undefined;
  google: OAuthClient | undefined;
  demoWordsPerSecond: number;
  fallbackModels: string[];
  runLeaseMs: number;
  titleModel: string;
  maxRunsPerPerson: number;
  messageLimits: MessageLimits;
  /** Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed. */
  trustedProxies: string[];
  authLimits: AuthLimits;
  /** Shared conversations one client address may open per minute. */
  shareViewsPerMinute: number;
  /** The most bytes of attachments one person may keep. */
  attachmentQuotaBytes: number;
  logLevel: LogLevel;
  /** The bearer token of `GET /metrics`; none: the endpoint answers 404. */
  metricsToken: string | undefined;
};
/** How many sign-in failures and sign-ups are allowed per account and per client address. */
export type AuthLimits = {
  signInFailuresPerAccount: number;
  signInFailuresPerAddress: number;
  signUpsPerAddress: number;
  windowMs: number;
};
/** How many answers one person may start on the operator's key, per hour and per day. */
export type MessageLimits = { perHour: number; perDay: number };
export type OAuthClient = { clientId: string; clientSecret: string };

const StoredSecrets = z.object({
  authSecret: z.string().min(32),
  keyEncryptionSecret: z.string().min(32),
});
type Secrets = z.infer<typeof StoredSecrets>;

/**
 * Builds the config. In local use, missing secrets are generated once into
 * `DATA_DIR/secrets.json` (with a warning) so sessions survive restarts; in production they
 * must be given.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = parseEnv(source);
  const dataDir = resolve(env.DATA_DIR);
  const secrets = resolveSecrets(env, dataDir);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL,
    ...databaseDriver(env),
    redisUrl: env.REDIS_URL,
    upstash: upstash(env),
    openRouter: { apiKey: env.OPENROUTER_API_KEY, baseUrl: env.OPENROUTER_BASE_URL },
    ...secrets,
    keyEncryptionSecretPrevious: env.KEY_ENCRYPTION_SECRET_PREVIOUS,
    github: oauthClient('GITHUB', env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET),
    google: oauthClient('GOOGLE', env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET),
    demoWordsPerSecond: env.DEMO_WORDS_PER_SECOND,
    fallbackModels: env.MODEL_FALLBACKS,
    runLeaseMs: env.RUN_LEASE_MS,
    titleModel: env.TITLE_MODEL,
    maxRunsPerPerson: env.MAX_CONCURRENT_RUNS_PER_PERSON,
    messageLimits: {
      perHour: env.RATE_LIMIT_MESSAGES_PER_HOUR,
      perDay: env.RATE_LIMIT_MESSAGES_PER_DAY,
    },
    trustedProxies: env.TRUSTED_PROXY,
    attachmentQuotaBytes: env.ATTACHMENT_QUOTA_MB * 1024 * 1024,
    // Tests keep their output to what went wrong.
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    metricsToken: env.METRICS_TOKEN,
    shareViewsPerMinute: env.SHARE_VIEWS_PER_ADDRESS,
    authLimits: {
      signInFailuresPerAccount: env.SIGN_IN_FAILURES_PER_ACCOUNT,
      signInFailuresPerAddress: env.SIGN_IN_FAILURES_PER_ADDRESS,
      signUpsPerAddress: env.SIGN_UPS_PER_ADDRESS,
      windowMs: env.AUTH_LIMIT_WINDOW_MINUTES * 60_000,
    },
  };
}

function databaseDriver(env: Env): Pick<Config, 'databaseDriver' | 'neonWsProxy'> {
  const problems: string[] = [];
  if (env.DATABASE_DRIVER === 'neon' && env.DATABASE_URL === undefined)
    problems.push('DATABASE_DRIVER=neon needs DATABASE_URL');
  if (env.NEON_WS_PROXY !== undefined && env.DATABASE_DRIVER !== 'neon')
    problems.push('NEON_WS_PROXY is only for DATABASE_DRIVER=neon');
  if (env.NEON_WS_PROXY !== undefined && /^[a-z]+:\/\//i.test(env.NEON_WS_PROXY))
    problems.push('NEON_WS_PROXY is host, port and path, without a protocol');
  if (problems.length > 0)
    throw new ConfigError(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { databaseDriver: env.DATABASE_DRIVER, neonWsProxy: env.NEON_WS_PROXY };
}

function upstash(env: Env): Config['upstash'] {
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (url === undefined && token === undefined) return undefined;
  if (url === undefined || token === undefined) {
    throw new ConfigError(
      'Invalid environment:\n  UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together',
    );
  }
  if (env.REDIS_URL !== undefined) {
    throw new ConfigError(
      'Invalid environment:\n  REDIS_URL and UPSTASH_REDIS_REST_URL name two Redis: set one',
    );
  }
  return { url, token };
}

function oauthClient(name: string, id: string | undefined, secret: string | undefined) {
  if (id === undefined && secret === undefined) return undefined;
  if (id === undefined || secret === undefined) {
    throw new ConfigError(
      `Invalid environment:\n  ${name}_CLIENT_ID and ${name}_CLIENT_SECRET must be set together`,
    );
  }
  return { clientId: id, clientSecret: secret };
}

function resolveSecrets(env: Env, dataDir: string): Secrets {
  if (env.BETTER_AUTH_SECRET && env.KEY_ENCRYPTION_SECRET) {
    return { authSecret: env.BETTER_AUTH_SECRET, keyEncryptionSecret: env.KEY_ENCRYPTION_SECRET };
  }
  if (env.NODE_ENV === 'production') {
    const missing = ['BETTER_AUTH_SECRET', 'KEY_ENCRYPTION_SECRET'].filter(
      (name) => !env[name as 'BETTER_AUTH_SECRET' | 'KEY_ENCRYPTION_SECRET'],
    );
    throw new ConfigError(
      `Invalid environment:\n${missing.map((n) => `  ${n}: required in production`).join('\n')}`,
    );
  }
  const stored = readOrCreateLocalSecrets(env, dataDir);
  return {
    authSecret: env.BETTER_AUTH_SECRET ?? stored.authSecret,
    keyEncryptionSecret: env.KEY_ENCRYPTION_SECRET ?? stored.keyEncryptionSecret,
  };
}

function readOrCreateLocalSecrets(env: Env, dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  try {
    const parsed = StoredSecrets.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable: make new ones below.
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: Secrets = {
    authSecret: randomBytes(32).toString('base64url'),
    keyEncryptionSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  // A plain sentence, not a log line: it is written while the configuration that sets the log's
  // level and destination is still being read, only without secrets in the environment (a
  // local setup), and it is addressed to whoever just started the server in a terminal.
  if (env.LOG_LEVEL !== 'silent')
    console.warn(
      `[config] generated local secrets in ${file}; set them in the environment in production`,
    );
  return secrets;
}
