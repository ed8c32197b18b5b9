import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decodeChunk } from '../shared/stream-events.ts';
import { type ChildServer, killChild, startChildServer } from './testing/child-server.ts';
import { pushClient } from './testing/push-client.ts';
import { readEvents } from './testing/sse-reader.ts';
import { signUp } from './testing/test-accounts.ts';

let server: ChildServer | undefined;
// Bundled again here (well under a second), so a run of this file alone tests today's sources.
beforeAll(async () => {
  const script = fileURLToPath(new URL('../scripts/build-server.mjs', import.meta.url));
  await promisify(execFile)(process.execPath, [script]);
});
afterAll(async () => {
  if (server) await killChild(server.process);
});

// `npm start` runs the bundle in dist/server, not the sources: it must find the migrations and
// the client from there, and answer as the sources do.
test('the server bundle `npm start` runs serves the app, signs up and streams an answer', async () => {
  server = await startChildServer(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-bundle-')),
      DATABASE_URL: '',
      REDIS_URL: '',
      BETTER_AUTH_SECRET: 'bundle-test-secret-bundle-test-secret-01',
      KEY_ENCRYPTION_SECRET: 'bundle-test-key-bundle-test-key-bundle-01',
      DEMO_WORDS_PER_SECOND: '200',
    },
    'build',
  );
  const page = await fetch(`${server.url}/c/anything`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');

  const account = await signUp(server.url);
  const question = 'Does the bundle answer as the sources do?';
  const { answerId } = await pushClient(server.url, account.cookie).ask(question);
  let streamed = '';
  let final = '';
  await readEvents(
    `${server.url}/api/streams/${answerId}`,
    { cookie: account.cookie },
    AbortSignal.timeout(30_000),
    {
      onEvent: (event) => {
        if (event.event === 'chunk') streamed += decodeChunk(event.data);
        if (event.event === 'final') final = event.data;
      },
    },
  );
  expect(JSON.parse(final)).toMatchObject({ status: 'done' });
  expect(streamed).toContain('Does the bundle answer');
}, 60_000);
