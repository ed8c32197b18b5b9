import { randomUUID } from 'node:crypto';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import {
  conversationLink,
  createAccount,
  lastAnswer,
  newPerson,
  sendFromComposer,
  signIn,
  signOut,
} from './journeys.ts';
import { goOffline, waitUntilStoredLocally } from './offline-ready.ts';

/**
 * Where a journey runs: the app at `url` (the Node server, or the Worker under wrangler dev),
 * browser contexts watched for errors, and leave for the errors a journey provokes on purpose.
 */
export type JourneyTarget = {
  url: string;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  allowBrowserErrors(because: string, matches: RegExp): void;
};

/** `count` words, `word0 word1 …`: the demo model answers with them, one by one. */
export const wordsPrompt = (count: number) =>
  Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

/** Waits until the newest answer shows at least `words` words of the prompt. */
export async function waitForWords(page: Page, words: number, timeoutMs = 15_000) {
  await waitFor(
    async () => {
      const text =
        (await lastAnswer(page)
          .textContent()
          .catch(() => null)) ?? '';
      return (text.match(/word\d+/g)?.length ?? 0) >= words ? true : undefined;
    },
    { timeoutMs, what: `${words} words of the answer` },
  );
}

const occurrences = (text: string, word: string) => text.split(word).length - 1;

/** The newest answer on the page once its status is `status`. */
export const answerWith = (page: Page, status: string) =>
  lastAnswer(page).and(page.locator(`[data-status="${status}"]`));

/**
 * A second browser that opens the conversation mid-answer sees it stream on to the end: the
 * whole text, each word once.
 */
export async function secondDeviceMidAnswer(target: JourneyTarget) {
  const person = newPerson('Watcher');
  const laptop = await (await target.newContext()).newPage();
  await createAccount(laptop, target.url, person);
  // Fifteen seconds of answer: signing in on a second browser takes several on a busy machine.
  const prompt = wordsPrompt(300);
  await sendFromComposer(laptop, prompt);
  await waitForWords(laptop, 10);

  const phone = await (await target.newContext()).newPage();
  await signIn(phone, target.url, person);
  await phone.goto(laptop.url());
  await answerWith(phone, 'streaming').waitFor();
  await waitForWords(phone, 40);
  await answerWith(phone, 'done').waitFor({ timeout: 40_000 });
  const text = (await lastAnswer(phone).textContent()) ?? '';
  expect(text).toContain(prompt);
  expect(occurrences(text, 'word7 ')).toBe(1);
  expect(occurrences(text, 'word299')).toBe(1);
  await answerWith(laptop, 'done').waitFor({ timeout: 40_000 });
  expect(await lastAnswer(laptop).textContent()).toBe(text);
}

/**
 * Stop on one device ends the answer as stopped, keeping the text so far, on that device and
 * on the person's other one alike.
 */
export async function stopOnBothDevices(target: JourneyTarget) {
  const person = newPerson('Stopper');
  const page = await (await target.newContext()).newPage();
  await createAccount(page, target.url, person);
  const prompt = wordsPrompt(300);
  await sendFromComposer(page, prompt);
  await waitForWords(page, 8);
  const other = await (await target.newContext()).newPage();
  await signIn(other, target.url, person);
  await other.goto(page.url());
  await answerWith(other, 'streaming').waitFor();

  // Exact: the Account button's name holds the person's, "Account: Stopper".
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await answerWith(page, 'stopped').waitFor();
  await answerWith(other, 'stopped').waitFor();
  for (const device of [page, other]) {
    const text = (await lastAnswer(device).textContent()) ?? '';
    expect(text).toContain('word0 word1 word2');
    expect(text).not.toContain('word299');
    await device.getByRole('button', { name: 'Send' }).waitFor();
  }
  // Both keep the same text: what the server kept when it stopped.
  await waitFor(
    async () =>
      (await lastAnswer(page).textContent()) === (await lastAnswer(other).textContent())
        ? true
        : undefined,
    { what: 'both devices to show the stopped answer alike' },
  );
}

/**
 * Once the newest answer is kept on the device as done and the service worker controls the
 * page, takes the network away and reloads: what shows next is what the device keeps.
 */
export async function reloadOfflineWithLastAnswer(target: JourneyTarget, page: Page) {
  const answerId = (await lastAnswer(page).getAttribute('data-message-id')) ?? '';
  await goOffline(target, page, { id: answerId, status: 'done' });
  await page.reload();
}

/**
 * A synced conversation opens and reads with no network from the service worker and the local
 * store, and the page says Offline.
 */
export async function readOffline(target: JourneyTarget) {
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Traveller'));
  await sendFromComposer(page, 'Pack the blue umbrella');
  await answerWith(page, 'done').waitFor();
  const conversationUrl = page.url();
  await goOffline(target, page, {
    role: 'assistant',
    content: 'Pack the blue umbrella',
    status: 'done',
  });
  await page.goto(conversationUrl);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  await conversationLink(page, 'Pack the blue umbrella').waitFor();
  await answerWith(page, 'done').waitFor();
  expect(await lastAnswer(page).textContent()).toContain('Pack the blue umbrella');
  expect(page.url()).not.toContain('/login');
  await context.close();
}

/**
 * Messages sent offline wait as queued, through a reload too; back online each is answered
 * once, in order, and reaches the person's other device.
 */
export async function queueOffline(target: JourneyTarget) {
  const person = newPerson('Hiker');
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, person);
  await sendFromComposer(page, 'Trail plan');
  await answerWith(page, 'done').waitFor();
  await goOffline(target, page);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  const queued = ['Bring water', 'Check the weather', 'Book the hut'];
  await sendFromComposer(page, queued[0] as string);
  await sendFromComposer(page, queued[1] as string);
  await page.getByRole('button', { name: 'New chat' }).click();
  await sendFromComposer(page, queued[2] as string);
  for (const content of queued) {
    await waitUntilStoredLocally(page, { role: 'user', content, status: 'queued' });
  }

  // A reload with no network: the queue is still there, still queued.
  await page.reload();
  const queuedMessage = (content: string) =>
    page.locator('article[data-role="user"][data-status="queued"]', { hasText: content });
  await queuedMessage('Book the hut').waitFor();
  await conversationLink(page, 'Trail plan').click();
  await queuedMessage('Bring water').waitFor();
  await queuedMessage('Check the weather').waitFor();

  // Back online: each is pushed in order and answered, once.
  await context.setOffline(false);
  const answered = (device: Page, content: string) =>
    device
      .locator('article[data-role="assistant"][data-status="done"]', { hasText: content })
      .waitFor({ timeout: 20_000 });
  await answered(page, 'Bring water');
  await answered(page, 'Check the weather');
  const texts = async (device: Page, role: string) =>
    (await device.locator(`article[data-role="${role}"] .message-content`).allTextContents()).map(
      (text) => text.trim(),
    );
  expect(await texts(page, 'user')).toEqual(['Trail plan', 'Bring water', 'Check the weather']);
  expect(await texts(page, 'assistant')).toEqual([
    'Trail plan',
    'Bring water',
    'Check the weather',
  ]);
  await conversationLink(page, 'Book the hut').click();
  await answered(page, 'Book the hut');

  const phone = await (await target.newContext()).newPage();
  await signIn(phone, target.url, person);
  await conversationLink(phone, 'Trail plan').click();
  await answered(phone, 'Check the weather');
  expect(await texts(phone, 'assistant')).toEqual([
    'Trail plan',
    'Bring water',
    'Check the weather',
  ]);
  await conversationLink(phone, 'Book the hut').click();
  await answered(phone, 'Book the hut');
  expect(await texts(phone, 'assistant')).toEqual(['Book the hut']);
  await context.close();
}

/** A small PNG, its bytes as a browser would upload them. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * After signing out, another person on the same browser sees none of the first one's chats,
 * and the first one's conversation, answer and file are as good as missing to them.
 */
export async function anotherPersonSeesNothing(target: JourneyTarget) {
  const page = await (await target.newContext()).newPage();
  await createAccount(page, target.url, newPerson('Grace'));
  const attachmentId = `att-${randomUUID()}`;
  const uploaded = await page.request.put(
    `${target.url}/api/attachments/${attachmentId}?name=recipe.png`,
    {
      headers: { origin: target.url, 'content-type': 'application/octet-stream' },
      data: tinyPng,
    },
  );
  expect(uploaded.status()).toBe(201);
  expect((await page.request.get(`${target.url}/api/attachments/${attachmentId}`)).status()).toBe(
    200,
  );
  await sendFromComposer(page, 'A secret recipe');
  await conversationLink(page, 'A secret recipe').waitFor();
  await answerWith(page, 'done').waitFor();
  const conversationUrl = page.url();
  const answerId = await lastAnswer(page).getAttribute('data-message-id');

  await signOut(page);
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await createAccount(page, target.url, newPerson('Linus'));
  await sendFromComposer(page, 'Hello from Linus');
  await conversationLink(page, 'Hello from Linus').waitFor();
  expect(await conversationLink(page, 'A secret recipe').count()).toBe(0);

  expect((await page.request.get(`${target.url}/api/attachments/${attachmentId}`)).status()).toBe(
    404,
  );
  expect((await page.request.get(`${target.url}/api/streams/${answerId}`)).status()).toBe(404);
  await page.goto(conversationUrl);
  await page.getByRole('heading', { name: 'Conversation not found' }).waitFor();
  expect(await page.getByText('A secret recipe').count()).toBe(0);
}
