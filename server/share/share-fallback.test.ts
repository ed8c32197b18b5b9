import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../start-server.ts';
import { startAppServer } from '../testing/app-server.ts';

let server: RunningServer;
beforeAll(async () => {
  // A client build of one page: enough to tell the shell from the server's own answer.
  const clientRoot = mkdtempSync(join(tmpdir(), 'parley-shell-'));
  writeFileSync(join(clientRoot, 'index.html'), '<!doctype html><title>the app shell</title>');
  server = await startAppServer({}, clientRoot);
});
afterAll(() => server?.close());

test('a shared link is answered by the server’s page, never by the app’s shell', async () => {
  const token = randomBytes(16).toString('base64url');
  const shared = await fetch(`${server.url}/share/${token}`);
  expect(shared.status).toBe(404);
  const html = await shared.text();
  expect(html).toContain('This link opens nothing');
  expect(html).not.toContain('the app shell');
  expect(shared.headers.get('x-robots-tag')).toBe('noindex');
  for (const path of ['/share/', '/share/a/b', `/share/${token}/more`]) {
    const other = await fetch(`${server.url}${path}`);
    expect(other.status, path).toBe(404);
    expect(await other.text(), path).toBe(html);
  }
  // Every other navigation still gets the shell.
  expect(await (await fetch(`${server.url}/c/some-conversation`)).text()).toContain(
    'the app shell',
  );
});
