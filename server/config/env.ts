import { z } from 'zod';
import { MODEL_ID_PATTERN } from '../../shared/models.ts';
import { logLevels } from '../observability/log.ts';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A comma-separated list, blanks dropped. */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** A count of attempts allowed in one window. */
const attemptLimit = (fallback: number) =>
  z.coerce.number().int().min(1).max(100_000).default(fallback);

/** A count of answers allowed on the operator's key in one window. */
const messageLimit = (fallback: number) =>
  z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(z.url().optional());

/** The environment the server reads, and nothing else. Unknown names are ignored. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./.data'),
  PUBLIC_URL: optionalUrl,
  DATABASE_URL: optionalUrl,
  /**
   * How `DATABASE_URL` is reached: `postgres` over TCP (node-postgres), or `neon` over a
   * WebSocket (Neon's serverless driver, as on Workers).
   */
  DATABASE_DRIVER: z.enum(['postgres', 'neon']).default('postgres'),
  /**
   * With `DATABASE_DRIVER=neon` and a database that is not Neon's: the WebSocket proxy in front
   * of it (host, port and path, e.g. `localhost:5433/v1`), spoken to in plain `ws://`.
   */
  NEON_WS_PROXY: optionalString,
  REDIS_URL: optionalUrl,
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  OPENROUTER_API_KEY: optionalString,
  OPENROUTER_BASE_URL: z.url().default('https://openrouter.ai/api/v1'),
  BETTER_AUTH_SECRET: optionalString.pipe(z.string().min(32).optional()),
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  KEY_ENCRYPTION_SECRET: optionalString.pipe(z.string().min(32).optional()),
  /** The secret before a rotation: keys sealed under it are re-sealed under the current one on use. */
  KEY_ENCRYPTION_SECRET_PREVIOUS: optionalString.pipe(z.string().min(32).optional()),
  DEMO_WORDS_PER_SECOND: z.coerce.number().positive().max(100_000).default(20),
  /** Comma-separated model ids to fall back to on a rate limit or server error. */
  MODEL_FALLBACKS: commaList,
  /** The cheap model that titles conversations after their first answer (needs a key). */
  TITLE_MODEL: z.string().regex(MODEL_ID_PATTERN).default('openai/gpt-4o-mini'),
  /** How long a run's lease lasts; a run whose process died is interrupted after this. */
  RUN_LEASE_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How many answers one person may have generating at once; more wait their turn. */
  MAX_CONCURRENT_RUNS_PER_PERSON: z.coerce.number().int().min(1).max(1_000).default(3),
  /**
   * Answers one person may start on the operator's key (`OPENROUTER_API_KEY`) per hour, counted
   * from their first; retries count. Answers on a person's own key, and from the demo model,
   * are not counted.
   */
  RATE_LIMIT_MESSAGES_PER_HOUR: messageLimit(60),
  /** The same, per day (24 hours from the first answer counted). */
  RATE_LIMIT_MESSAGES_PER_DAY: messageLimit(300),
  /**
   * The reverse proxies in front of the server, as comma-separated addresses or CIDR ranges.
   * Only a request arriving from one of them has its `X-Forwarded-For` believed; with none,
   * the client's address is the connection's.
   */
  TRUSTED_PROXY: commaList.pipe(
    z.array(
      z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
        error: 'expected IP addresses or CIDR ranges, separated by commas',
      }),
    ),
  ),
  /** How many megabytes of attachments one person may keep. */
  ATTACHMENT_QUOTA_MB: z.coerce.number().int().min(1).max(10_000_000).default(1024),
  /** Failed sign-ins to one account, per window, before it refuses further attempts. */
  SIGN_IN_FAILURES_PER_ACCOUNT: attemptLimit(10),
  /** Failed sign-ins from one client address (any accounts), per window. */
  SIGN_IN_FAILURES_PER_ADDRESS: attemptLimit(50),
  /** Accounts created from one client address, per window. */
  SIGN_UPS_PER_ADDRESS: attemptLimit(20),
  /**
   * Shared conversations one client address may open per minute (their files and `Continue
   * this chat` are counted apart, at ten times as many).
   */
  SHARE_VIEWS_PER_ADDRESS: attemptLimit(120),
  /** How long the sign-in and sign-up limits count attempts, from the first one. */
  AUTH_LIMIT_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /**
   * What the server logs (JSON lines on stdout): `info` has one line per request; `warn` and
   * `error` only problems. Default `info`, and `warn` under `NODE_ENV=test`.
   */
  LOG_LEVEL: z.enum(logLevels).optional(),
  /** The bearer token a Prometheus scraper sends to `GET /metrics`; unset, there is no endpoint. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16).optional()),
});
export type Env = z.infer<typeof EnvSchema>;

/** Raised when the environment holds a bad value; its message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment, failing with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
}
