import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { clientBuildFolder } from './project-paths.ts';
import type { RunningServer } from './start-server.ts';
import { startAppServer } from './testing/app-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server?.close());

test('scripts are sent as the smallest encoding the browser accepts, cached for a year, intact', async () => {
  const script = readdirSync(`${clientBuildFolder}/assets`).find((name) =>
    /^index-.*\.js$/.test(name),
  );
  const url = `${server.url}/assets/${script}`;
  const plain = await overTheWire(url, 'identity');
  expect(plain.encoding).toBeUndefined();
  expect(plain.type).toContain('javascript');

  const gzipped = await overTheWire(url, 'gzip');
  expect(gzipped.encoding).toBe('gzip');
  expect(gzipped.cache).toContain('immutable');
  expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
  expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);

  const brotli = await overTheWire(url, 'gzip, deflate, br');
  expect(brotli.encoding).toBe('br');
  expect(brotli.type).toContain('javascript');
  expect(brotli.body.length).toBeLessThan(gzipped.body.length);
  expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
});

test('the shell, its scripts, the service worker and the API all carry the security headers', async () => {
  const script = readdirSync(`${clientBuildFolder}/assets`).find((name) =>
    /^highlight\.worker-.*\.js$/.test(name),
  );
  for (const path of [
    '/',
    '/c/some-conversation',
    '/boot.js',
    `/assets/${script}`,
    '/sw.js',
    '/manifest.webmanifest',
    '/api/health',
    '/api/no-such-endpoint',
  ]) {
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
    expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self';");
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  }
});

test('the shell runs no inline script: every script it names is a file', async () => {
  const shell = await (await fetch(`${server.url}/`)).text();
  const scripts = [...shell.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(1);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\bsrc="\/[^"]+"/);
    expect(body?.trim()).toBe('');
  }
});

test('without a metrics token, /metrics is not found rather than answered by the shell', async () => {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(404);
  expect(await response.text()).not.toContain('<html');
});

/** What went over the wire: fetch() would undo the encoding by itself, node:http does not. */
function overTheWire(url: string, acceptEncoding: string) {
  return new Promise<{
    encoding: string | undefined;
    type: string | undefined;
    cache: string | undefined;
    body: Buffer;
  }>((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        resolve({
          encoding: response.headers['content-encoding'],
          type: response.headers['content-type'],
          cache: response.headers['cache-control'],
          body: Buffer.concat(parts),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}
