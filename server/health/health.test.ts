import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { requireServiceOrWarn } from '../testing/services.ts';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const redisUrl = process.env.TEST_REDIS_URL;
const hasRedis = requireServiceOrWarn(
  'Redis',
  Boolean(redisUrl),
  'set TEST_REDIS_URL=redis://127.0.0.1:6379',
);
const metricsToken = 'health-metrics-token-0123456789';

async function health(url: string) {
  const response = await fetch(`${url}/api/health`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

async function dependencyUp(url: string, dependency: string): Promise<number> {
  const response = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  const prefix = `parley_dependency_up{dependency="${dependency}"} `;
  const line = (await response.text()).split('\n').find((l) => l.startsWith(prefix));
  return Number(line?.slice(prefix.length));
}

describe.runIf(hasRedis)('health with Redis out of reach', () => {
  let proxy: TcpProxy;
  let database: DatabaseHandle;
  let server: RunningServer;

  beforeAll(async () => {
    const target = new URL(redisUrl ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({
      database,
      env: { REDIS_URL: proxy.urlFor(redisUrl ?? ''), METRICS_TOKEN: metricsToken },
    });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await database?.close();
  });

  test('is ok with every dependency answering, and degraded but serving once Redis is gone', async () => {
    expect(await health(server.url)).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        ok: true,
        checks: { database: 'ok', chunkStore: 'ok', pubsub: 'ok' },
      },
    });

    // Nothing listens on Redis's port any more.
    await proxy.close();
    const degraded = await waitFor(async () => {
      const checked = await health(server.url);
      return checked.body.status === 'degraded' ? checked : undefined;
    });
    expect(degraded.status).toBe(200);
    expect(degraded.body).toEqual({
      status: 'degraded',
      ok: false,
      database: 'pglite',
      chunkStore: 'redis',
      pubsub: 'redis',
      checks: { database: 'ok', chunkStore: 'degraded', pubsub: 'degraded' },
      degraded: ['chunkStore', 'pubsub'],
    });
    // Drivers are named; where they connect is not.
    expect(degraded.text).not.toContain(String(proxy.port));
    expect(degraded.text).not.toContain('redis://');
    expect(await dependencyUp(server.url, 'pubsub')).toBe(0);
    expect(await dependencyUp(server.url, 'chunkStore')).toBe(0);
    expect(await dependencyUp(server.url, 'database')).toBe(1);
  });
});

describe('health with the database gone', () => {
  let database: DatabaseHandle;
  let server: RunningServer;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({ database, env: { METRICS_TOKEN: metricsToken } });
  });
  afterAll(async () => {
    await server?.close();
  });

  test('answers 503, so that a load balancer takes the process out', async () => {
    await database.close();
    const down = await health(server.url);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'degraded',
      ok: false,
      database: 'pglite',
      checks: { database: 'degraded', chunkStore: 'ok', pubsub: 'ok' },
      degraded: ['database'],
    });
    expect(await dependencyUp(server.url, 'database')).toBe(0);
  });
});
