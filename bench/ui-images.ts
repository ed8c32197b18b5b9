import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentBrowser } from '../e2e/browser.ts';
import { signIn } from '../e2e/journeys.ts';
import { waitUntilServiceWorkerControls, waitUntilStoredLocally } from '../e2e/offline-ready.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { decodablePngBytes } from '../server/testing/attachment-files.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { seedConversations } from '../server/testing/seed-rows.ts';
import { signUp, type TestAccount } from '../server/testing/test-accounts.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';
import { open, pageTimers, settle } from './ui-open.ts';

export type UiImagesOptions = {
  /** Postgres for the server, which this benchmark also seeds directly (required). */
  databaseUrl?: string | undefined;
};

/** Conversations of 50 messages: each of the person's 25 carries two images. */
const imageConversations = [1, 2, 3, 4].map((n) => ({ id: `images-${n}`, count: 50 }));
/** The same conversations without images, switched among in the same run: the baseline. */
const plainConversations = [1, 2, 3, 4].map((n) => ({ id: `plain-${n}`, count: 50 }));
const imagesPerMessage = 2;
/** Photos' size: what a browser decodes for each thumbnail (the file itself compresses well). */
const imageSize = { width: 1200, height: 900 };
const switches = 102;

// Installed in every document beside the switch timers. `__watchImages()` arms one
// measurement: from the next click to the frame after every image thumbnail in view holds a
// decoded image; and the layout shift (every entry, input or not) from that click's first
// paint until then, as a person would see rows move.
const imageTimers = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__shifts.push(entry);
  }).observe({ type: 'layout-shift', buffered: true });

  const inView = (element) => {
    const box = element.getBoundingClientRect();
    const frame = element.closest('.chat-scroll').getBoundingClientRect();
    return box.height > 0 && box.bottom > frame.top && box.top < frame.bottom;
  };

  window.__watchImages = () => {
    window.__imagesShown = new Promise((resolve, reject) => {
      let startedAt;
      const timer = setTimeout(() => reject(new Error('images not shown in time')), 10000);
      const inFrame = async () => {
        const slots = [...document.querySelectorAll('.chat-scroll .attachment-thumbnail')]
          .filter(inView);
        const images = slots.map((slot) => slot.querySelector('img'));
        if (slots.length === 0 || images.some((image) => !image)) {
          requestAnimationFrame(inFrame);
          return;
        }
        try {
          await Promise.all(images.map((image) => image.decode()));
        } catch {
          requestAnimationFrame(inFrame);
          return;
        }
        requestAnimationFrame(() => {
          clearTimeout(timer);
          const ms = performance.now() - startedAt;
          const shift = window.__shifts
            .filter((entry) => entry.startTime >= startedAt)
            .reduce((sum, entry) => sum + entry.value, 0);
          resolve({ ms, images: images.length, shift });
        });
      };
      document.addEventListener('click', (event) => {
        startedAt = event.timeStamp;
        requestAnimationFrame(inFrame);
      }, { capture: true, once: true });
    });
  };
`;

type ImagesShown = { ms: number; images: number; shift: number };

/**
 * Switching to a conversation with 50 images: the person's messages each carry two photos,
 * their bytes on the device since the conversation was first opened. Times the click until
 * the conversation's end is painted (as the switch benchmark does, beside the same switches
 * among conversations with no images), until every image in view is decoded, and the layout
 * shift meanwhile (thumbnails have a fixed size: there should be none).
 */
export async function benchUiImages(options: UiImagesOptions): Promise<Figure[]> {
  const { databaseUrl } = options;
  if (!databaseUrl) throw new Error('the images benchmark needs Postgres (databaseUrl)');
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-images-'));
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-images-profile-'));
  let server: ChildServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startChildServer(
      { DATA_DIR: dataDir, ...benchSecrets, DATABASE_URL: databaseUrl },
      'build',
    );
    const { url } = server;
    const account = await signUp(url, 'Photographer');
    const lastImage = await seedImages(url, databaseUrl, account);

    browser = await launchPersistentBrowser(profile);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.addInitScript(pageTimers + imageTimers);
    await signIn(page, url, { name: 'Photographer', ...account });
    await waitUntilStoredLocally(page, { id: lastImage });
    await waitUntilServiceWorkerControls(page);

    // Opened once each: from then on their images' bytes are on the device.
    for (const conversation of imageConversations) await imagesShown(page, conversation);

    const plain: number[] = [];
    await open(page, plainConversations[0] as (typeof plainConversations)[number]);
    for (let i = 1; i <= switches; i++) {
      plain.push((await open(page, plainConversations[i % 4] as { id: string; count: number })).ms);
    }
    const painted: number[] = [];
    const shown: ImagesShown[] = [];
    for (let i = 0; i <= switches; i++) {
      const timed = await imagesShown(
        page,
        imageConversations[i % 4] as { id: string; count: number },
      );
      // The first leaves a conversation without images.
      if (i === 0) continue;
      painted.push(timed.painted);
      shown.push(timed.shown);
    }
    const p50 = (samples: number[]) => `p50 ${round(percentile(samples, 50))} ms`;
    const decoded = shown.map((s) => s.ms);
    return [
      {
        metric: 'switch_images.p95_ms',
        value: round(percentile(painted, 95)),
        note: `${painted.length} clicks among 4 × 50 messages with ${imagesPerMessage * 25} images each, ${p50(painted)}`,
      },
      {
        metric: 'switch_images.plain_p95_ms',
        value: round(percentile(plain, 95)),
        note: `the same clicks among 4 × 50 messages with no images, ${p50(plain)}`,
      },
      {
        metric: 'switch_images.decoded_p95_ms',
        value: round(percentile(decoded, 95)),
        note: `click until the ${Math.max(...shown.map((s) => s.images))} images in view are decoded, ${p50(decoded)}`,
      },
      {
        metric: 'switch_images.layout_shift',
        value: Math.round(Math.max(...shown.map((s) => s.shift)) * 1000) / 1000,
        note: 'most layout shift in one switch, from its click until its images are decoded',
      },
    ];
  } finally {
    await browser?.close();
    if (server) await killChild(server.process);
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Opens a conversation from the sidebar: click → end painted, and → images in view decoded. */
async function imagesShown(page: Page, conversation: { id: string; count: number }) {
  await settle(page);
  await page.evaluate('window.__watchImages()');
  const painted = await open(page, conversation);
  const shown = await waitFor(
    async () => (await page.evaluate('window.__imagesShown')) as ImagesShown,
    { what: `the images of ${conversation.id}` },
  );
  return { painted: painted.ms, shown };
}

/**
 * Writes the conversations straight into the database, then uploads the images for the
 * person's messages as the app does. Returns the id of the last image, which tells when the
 * device has them all.
 */
async function seedImages(url: string, databaseUrl: string, account: TestAccount) {
  const { db, close } = await openDatabase({ url: databaseUrl });
  try {
    const now = Date.now();
    await seedConversations(
      db,
      account.userId,
      [...imageConversations, ...plainConversations].map((c, i) => ({
        ...c,
        title: c.id,
        updatedAt: now - i * 1000,
      })),
    );
  } finally {
    await close();
  }
  let last = '';
  let shade = 0;
  for (const conversation of imageConversations) {
    for (let n = 0; n < conversation.count; n += 2) {
      for (let k = 0; k < imagesPerMessage; k++) {
        last = `image-${randomUUID()}`;
        shade = (shade + 37) % 256;
        const body = decodablePngBytes(imageSize.width, imageSize.height, [shade, 90, 255 - shade]);
        const query = new URLSearchParams({
          name: `photo-${n}-${k}.png`,
          messageId: `${conversation.id}-${n}`,
        });
        const response = await fetch(`${url}/api/attachments/${last}?${query}`, {
          method: 'PUT',
          headers: { cookie: account.cookie, origin: url, 'content-type': 'image/png' },
          body,
        });
        if (response.status !== 201) {
          throw new Error(`upload answered ${response.status}: ${await response.text()}`);
        }
      }
    }
  }
  return last;
}
