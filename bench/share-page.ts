import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../e2e/browser.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { pushClient } from '../server/testing/push-client.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { DEMO_MODEL_ID } from '../shared/models.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

const exchanges = 100;
const visits = 3;
const serverRequests = 30;

/** A question whose answer (the demo model's echo of it) has prose, a list and a code block. */
const question = (n: number) =>
  `Question ${n}: how does **this** work?\n\n- one point\n- another point\n\n\`\`\`ts\nexport function step${n}(input: number): number {\n  const doubled = input * 2;\n  return doubled + ${n};\n}\n\`\`\`\n\nThanks.`;

/**
 * A shared 200-message conversation (100 questions and their answers, each with a code block)
 * opened cold in Chromium with JavaScript off, so what paints is the server's HTML alone:
 * its first contentful paint, median of three fresh contexts; the HTML's size; and the
 * server's time to answer it, warm, median over loopback.
 */
export async function benchSharePage(options: { databaseUrl?: string | undefined } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-share-'));
  let server: ChildServer | undefined;
  try {
    server = await startChildServer({
      DATA_DIR: dataDir,
      ...benchSecrets,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      DEMO_WORDS_PER_SECOND: '100000',
      SHARE_VIEWS_PER_ADDRESS: '100000',
    });
    const token = await seedSharedConversation(server.url);
    return await measure(`${server.url}/share/${token}`);
  } finally {
    if (server) await killChild(server.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function seedSharedConversation(baseUrl: string): Promise<string> {
  const account = await signUp(baseUrl, 'Bench');
  const client = pushClient(baseUrl, account.cookie);
  const { conversationId } = await client.ask(question(0), DEMO_MODEL_ID);
  for (let n = 1; n < exchanges; n++) await client.reply(conversationId, question(n));
  await waitFor(
    async () => {
      const messages = (await client.messages()).filter((m) => m.conversationId === conversationId);
      return messages.length === exchanges * 2 && messages.every((m) => m.status === 'done')
        ? true
        : undefined;
    },
    { what: 'every answer to finish', timeoutMs: 120_000 },
  );
  const token = randomBytes(16).toString('base64url');
  await client.mutate('createShare', {
    id: `bench-share-${randomBytes(4).toString('hex')}`,
    conversationId,
    token,
    mode: 'live',
    throughOrder: null,
    expiresAt: null,
    createdAt: Date.now(),
  });
  return token;
}

async function measure(url: string): Promise<Figure[]> {
  // The first request renders every answer's Markdown; later ones find it rendered.
  const first = await fetch(url);
  const html = await first.text();
  const firstMs = serverTime(first);
  const articles = html.match(/<article /g)?.length ?? 0;
  if (articles !== exchanges * 2) throw new Error(`the page shows ${articles} messages`);
  const bytes = Buffer.byteLength(html);

  const serverMs: number[] = [];
  const roundTripMs: number[] = [];
  for (let i = 0; i < serverRequests; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    roundTripMs.push(performance.now() - started);
    serverMs.push(serverTime(response));
  }

  const browser = await launchBrowser();
  const fcps: number[] = [];
  try {
    for (let i = 0; i < visits; i++) {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const tab = await context.newPage();
        await tab.goto(url, { waitUntil: 'load' });
        // Read through the debugger, which answers with the page's own scripts off.
        const fcp = await waitFor(
          async () =>
            (await tab.evaluate(
              () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
            )) ?? undefined,
          { what: 'the first contentful paint' },
        );
        fcps.push(fcp);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return [
    {
      metric: 'share.fcp_ms',
      value: round(percentile(fcps, 50), 0),
      note: `cold, JavaScript off, median of ${visits}: ${fcps.map((v) => round(v, 0)).join('/')}`,
    },
    {
      metric: 'share.html_kb',
      value: round(bytes / 1024),
      note: `${round(gzipSync(html, { level: 6 }).length / 1024)} KB gzipped; ${articles} messages`,
    },
    {
      metric: 'share.server_ms',
      value: round(percentile(serverMs, 50)),
      note: `warm, reading and rendering (Server-Timing), median of ${serverRequests}; p95 ${round(percentile(serverMs, 95))}; the first, rendering all the Markdown, ${round(firstMs)}; a whole request over loopback ${round(percentile(roundTripMs, 50))}`,
    },
  ];
}

/** The server's own account of its time (Server-Timing): reading the rows, rendering the page. */
function serverTime(response: Response): number {
  const timing = response.headers.get('server-timing') ?? '';
  return [...timing.matchAll(/dur=([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
