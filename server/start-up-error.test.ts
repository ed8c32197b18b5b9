import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startChildServerExpectingExit } from './testing/child-server.ts';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const baseEnv = () => ({
  DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-start-')),
  BETTER_AUTH_SECRET: 'start-test-secret-start-test-secret-0123',
  KEY_ENCRYPTION_SECRET: 'start-test-key-start-test-key-start-0123',
});

describe('starting with a service out of reach', () => {
  test.each([
    [
      'DATABASE_URL',
      (port: number) => ({ DATABASE_URL: `postgres://parley:hunter2@127.0.0.1:${port}/parley` }),
    ],
    ['REDIS_URL', (port: number) => ({ REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` })],
    [
      'UPSTASH_REDIS_REST_URL',
      (port: number) => ({
        UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`,
        UPSTASH_REDIS_REST_TOKEN: 'hunter2',
      }),
    ],
  ])(
    'an unreachable %s stops start-up with one line naming it and its address, no password',
    async (variable, env) => {
      const port = await closedPort();
      const { code, output } = await startChildServerExpectingExit({
        ...baseEnv(),
        ...env(port),
      });
      expect(code).not.toBe(0);
      const lines = output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(lines[0]).toContain(`127.0.0.1:${port}`);
      expect(lines[0]).toContain('ECONNREFUSED');
      expect(output).not.toContain('hunter2');
      expect(output).not.toMatch(/^\s+at /m);
    },
    60_000,
  );
});
