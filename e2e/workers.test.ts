import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { decodablePngBytes, pdfBytes } from '../server/testing/attachment-files.ts';
import { appRequestHeaders, pushClient } from '../server/testing/push-client.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { waitForWords, wordsPrompt } from './app-journeys.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer, signIn } from './journeys.ts';
import { canRunWorker, useWorkerInBrowser } from './worker-in-browser.ts';

// Long enough to reload in the middle of, at 20 words per second (about 6 seconds).
const longPrompt = wordsPrompt(120);

const finished = (page: Page) =>
  lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });

describe.runIf(canRunWorker)('Parley on Workers (wrangler dev)', () => {
  const app = useWorkerInBrowser({ DEMO_WORDS_PER_SECOND: '20' });
  const newContext = () => app.newContext();

  test('static files carry the headers the Node server gives them, the API answers from the Worker', async () => {
    const sw = await fetch(`${app.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Any path is the app's shell, revalidated, naming hashed assets cached for a year.
    const shell = await fetch(`${app.url}/some/conversation`, {
      headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' },
    });
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const html = await shell.text();
    expect(html).toContain('<div id="root">');
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    const script = await fetch(`${app.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({
      ok: true,
      database: 'neon',
      chunkStore: 'upstash',
      pubsub: 'upstash',
    });
  });

  test('a person signs up, is answered, reloads mid-answer, and a second device converges', async () => {
    const page = await (await newContext()).newPage();
    const person = newPerson('Cloud');
    await createAccount(page, app.url, person);
    await sendFromComposer(page, longPrompt);
    await waitForWords(page, 10, 20_000);
    await page.reload();
    await waitForWords(page, 30, 20_000);
    await finished(page);
    const text = (await lastAnswer(page).textContent()) ?? '';
    expect(text.match(/word\d+/g)?.length).toBe(120);

    // A second device signs in: it has the conversation, and what either sends reaches both.
    const other = await (await newContext()).newPage();
    await signIn(other, app.url, person);
    await other.getByRole('link', { name: /word0/ }).first().click();
    await finished(other);
    await sendFromComposer(other, 'Hello from the second device');
    await page.getByText('Hello from the second device').first().waitFor();
    await finished(page);
    await finished(other);
    expect(await lastAnswer(page).textContent()).toBe(await lastAnswer(other).textContent());
  });

  test("an attached image is kept in R2 and shows on the person's other device", async () => {
    const page = await (await newContext()).newPage();
    const person = newPerson('Painter');
    await createAccount(page, app.url, person);
    await page
      .getByLabel('Attach files', { exact: true })
      .setInputFiles([
        { name: 'harbour.png', mimeType: 'image/png', buffer: decodablePngBytes(64, 48) },
      ]);
    await page
      .getByRole('list', { name: 'Attachments' })
      .getByRole('listitem')
      .filter({ hasText: 'Uploaded' })
      .waitFor();
    await sendFromComposer(page, 'Look at this harbour');
    await finished(page);

    // A device that never had the file reads it from the server.
    const other = await (await newContext()).newPage();
    await signIn(other, app.url, person);
    await other
      .getByRole('link', { name: /harbour/ })
      .first()
      .click();
    const image = other.getByRole('img', { name: 'harbour.png', exact: true });
    await image.waitFor();
    await waitFor(
      async () =>
        (await image.evaluate((element) => {
          const decoded = element as unknown as { complete: boolean; naturalWidth: number };
          return decoded.complete && decoded.naturalWidth === 64;
        }))
          ? true
          : undefined,
      { what: 'harbour.png to be decoded on the second device' },
    );
  });

  test('a file larger than one R2 part is stored whole, and comes back whole and by range', async () => {
    const { cookie } = await signUp(app.url, 'Archivist');
    // Over 8 MiB, R2's part size here: a multipart upload of two parts.
    const bytes = pdfBytes(3, 12 * 1024 * 1024);
    const url = `${app.url}/api/attachments/big-${crypto.randomUUID()}`;
    const uploaded = await fetch(`${url}?name=big.pdf`, {
      method: 'PUT',
      headers: { cookie, origin: app.url, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    const whole = await fetch(url, { headers: { cookie } });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const start = 8 * 1024 * 1024 - 10;
    const part = await fetch(url, { headers: { cookie, range: `bytes=${start}-${start + 19}` } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(start, start + 20))).toBe(
      true,
    );
    // Someone else's is as good as missing.
    const stranger = await signUp(app.url, 'Stranger');
    expect((await fetch(url, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  });

  test("an answer on the person's own OpenRouter key streams from OpenRouter through the Worker", async () => {
    const { cookie } = await signUp(app.url, 'Keyholder');
    const key = `sk-or-v1-${'k'.repeat(64)}`;
    const saved = await fetch(`${app.url}/api/keys/openrouter`, {
      method: 'PUT',
      headers: appRequestHeaders(app.url, cookie),
      body: JSON.stringify({ key }),
    });
    expect(saved.status).toBe(200);
    app.openRouter.script({ kind: 'text', chunks: ['Answered ', 'from ', 'OpenRouter.'] });
    const client = pushClient(app.url, cookie);
    const { answerId } = await client.ask('Who answers?', 'openai/gpt-4o-mini');
    const answer = await waitFor(
      async () => {
        const found = (await client.messages()).find((message) => message.id === answerId);
        return found?.status === 'done' ? found : undefined;
      },
      { timeoutMs: 20_000, what: 'the answer from OpenRouter' },
    );
    expect(answer.content).toBe('Answered from OpenRouter.');
    // Sent on the person's key, which the Worker decrypted for the run.
    expect(
      app.openRouter.requests.some((request) => request.authorization === `Bearer ${key}`),
    ).toBe(true);
  });
});
