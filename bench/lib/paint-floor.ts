import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { wallNow } from './stats.ts';

// A page with nothing but a reader: it fetches a stream and appends each chunk to the one
// answer element (the selector the app's answers have), so the same frame recorder and the
// same matching time it as they time the app's answers.
const floorPage = `<!doctype html>
<article data-role="assistant"></article>
<script type="module">
  const answer = document.querySelector('article');
  const reader = (await fetch('/stream')).body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    answer.append(decoder.decode(value, { stream: true }));
  }
  window.__streamDone = true;
</script>`;

/**
 * The least time from a server writing a chunk to the browser painting it, where the bench runs:
 * a bare `node:http` server streams `tokens` at `chunksPerSecond` to `floorPage` in a new page
 * of `browser`, which runs `recorder` (the frame recorder the app's page runs). Resolves with
 * the page, once the stream has ended, and when each token was written (epoch ms).
 */
export async function streamToBarePage(
  browser: BrowserContext,
  recorder: string,
  tokens: readonly string[],
  chunksPerSecond: number,
): Promise<{ page: Page; sentAt: Map<string, number>; close(): Promise<void> }> {
  const sentAt = new Map<string, number>();
  const server = createServer((request, response) => {
    if (request.url !== '/stream') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(floorPage);
      return;
    }
    // No sniffing: Chromium would hold the first bytes of a text/plain body back to guess.
    response.writeHead(200, {
      'content-type': 'text/plain',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    let index = 0;
    const timer = setInterval(() => {
      const token = tokens[index++];
      if (token === undefined) {
        clearInterval(timer);
        response.end();
        return;
      }
      sentAt.set(token, wallNow());
      response.write(token);
    }, 1000 / chunksPerSecond);
    request.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const page = await browser.newPage();
  await page.addInitScript(recorder);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction('window.__streamDone === true', undefined, {
    timeout: 10_000 + (tokens.length * 1000) / chunksPerSecond,
  });
  return {
    page,
    sentAt,
    close: async () => {
      await page.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
