import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startAppServer } from '../e2e/app-server.ts';
import { clientBuildFolder } from './project-paths.ts';
import type { RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server?.close());

test('scripts are sent gzipped to browsers that accept it, cached for a year, and intact', async () => {
  const script = readdirSync(`${clientBuildFolder}/assets`).find((name) =>
    /^index-.*\.js$/.test(name),
  );
  const url = `${server.url}/assets/${script}`;
  const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  const plainBytes = Buffer.from(await plain.arrayBuffer());
  expect(plain.headers.get('content-encoding')).toBeNull();

  // fetch() would undo the gzip by itself; node:http shows what went over the wire.

  const wire = await new Promise<{
    encoding: string | undefined;
    cache: string | undefined;
    body: Buffer;
  }>((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        resolve({
          encoding: response.headers['content-encoding'],
          cache: response.headers['cache-control'],
          body: Buffer.concat(parts),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
  expect(wire.encoding).toBe('gzip');
  expect(wire.cache).toContain('immutable');
  expect(wire.body.length).toBeLessThan(plainBytes.length / 2);
  expect(gunzipSync(wire.body).equals(plainBytes)).toBe(true);
});
