import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'parley-config-'));

describe('loadConfig', () => {
  test('defaults carry a fresh machine: port 3000, embedded stores, demo words at 20/s', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      demoWordsPerSecond: 20,
      github: undefined,
      trustedProxies: [],
      authLimits: {
        signInFailuresPerAccount: 10,
        signInFailuresPerAddress: 50,
        signUpsPerAddress: 20,
        windowMs: 15 * 60_000,
      },
      messageLimits: { perHour: 60, perDay: 300 },
    });
  });

  test('TRUSTED_PROXY takes addresses and CIDR ranges, and nothing else', () => {
    const config = loadConfig({
      TRUSTED_PROXY: '127.0.0.1, 10.0.0.0/8,::1 , fd00::/8',
      DATA_DIR: tempDir(),
    });
    expect(config.trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(() => loadConfig({ TRUSTED_PROXY: 'proxy.internal', DATA_DIR: tempDir() })).toThrow(
      /TRUSTED_PROXY/,
    );
    expect(() => loadConfig({ TRUSTED_PROXY: '10.0.0.0/33', DATA_DIR: tempDir() })).toThrow(
      /TRUSTED_PROXY/,
    );
  });

  test('Neon is chosen by DATABASE_DRIVER, and its proxy only with it', () => {
    const url = 'postgres://user:pw@ep-example.eu-central-1.aws.neon.tech/parley';
    expect(loadConfig({ DATABASE_URL: url, DATA_DIR: tempDir() })).toMatchObject({
      databaseDriver: 'postgres',
      neonWsProxy: undefined,
    });
    expect(
      loadConfig({
        DATABASE_URL: url,
        DATABASE_DRIVER: 'neon',
        NEON_WS_PROXY: 'localhost:5433/v1',
        DATA_DIR: tempDir(),
      }),
    ).toMatchObject({ databaseDriver: 'neon', neonWsProxy: 'localhost:5433/v1' });
    expect(() => loadConfig({ DATABASE_DRIVER: 'neon', DATA_DIR: tempDir() })).toThrow(
      /DATABASE_DRIVER=neon needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: url, NEON_WS_PROXY: 'localhost:5433/v1', DATA_DIR: tempDir() }),
    ).toThrow(/NEON_WS_PROXY/);
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        DATABASE_DRIVER: 'neon',
        NEON_WS_PROXY: 'ws://localhost:5433/v1',
        DATA_DIR: tempDir(),
      }),
    ).toThrow(/without a protocol/);
    expect(() => loadConfig({ DATABASE_DRIVER: 'mysql', DATA_DIR: tempDir() })).toThrow(
      /DATABASE_DRIVER/,
    );
  });

  test("Upstash's REST API takes its URL and token together, and never beside REDIS_URL", () => {
    const upstash = { UPSTASH_REDIS_REST_URL: 'https://eu1-example.upstash.io' };
    expect(
      loadConfig({ ...upstash, UPSTASH_REDIS_REST_TOKEN: 'secret', DATA_DIR: tempDir() }).upstash,
    ).toEqual({ url: 'https://eu1-example.upstash.io', token: 'secret' });
    expect(() => loadConfig({ ...upstash, DATA_DIR: tempDir() })).toThrow(/set together/);
    expect(() =>
      loadConfig({
        ...upstash,
        UPSTASH_REDIS_REST_TOKEN: 'secret',
        REDIS_URL: 'redis://127.0.0.1:6379',
        DATA_DIR: tempDir(),
      }),
    ).toThrow(/set one/);
  });

  test('a bad value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: tempDir() })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url', DATA_DIR: tempDir() })).toThrow(
      /DATABASE_URL/,
    );
    expect(() => loadConfig({ DEMO_WORDS_PER_SECOND: '-3', DATA_DIR: tempDir() })).toThrow(
      /DEMO_WORDS_PER_SECOND/,
    );
    expect(() => loadConfig({ SIGN_IN_FAILURES_PER_ACCOUNT: '0', DATA_DIR: tempDir() })).toThrow(
      /SIGN_IN_FAILURES_PER_ACCOUNT/,
    );
    expect(() => loadConfig({ RATE_LIMIT_MESSAGES_PER_HOUR: '0', DATA_DIR: tempDir() })).toThrow(
      /RATE_LIMIT_MESSAGES_PER_HOUR/,
    );
  });

  test('local secrets are generated once into DATA_DIR and reused', () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain(first.authSecret);
  });

  test('production refuses to start without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() })).toThrow(
      /BETTER_AUTH_SECRET: required in production/,
    );
  });

  test('an OAuth provider needs both its id and its secret', () => {
    expect(() => loadConfig({ GITHUB_CLIENT_ID: 'id', DATA_DIR: tempDir() })).toThrow(
      /GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET/,
    );
    const config = loadConfig({
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 's',
      DATA_DIR: tempDir(),
    });
    expect(config.google).toEqual({ clientId: 'g', clientSecret: 's' });
  });
});
