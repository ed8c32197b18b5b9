import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { decodablePngBytes } from '../server/testing/attachment-files.ts';
import type { FakeOpenRouter } from '../server/testing/fake-openrouter.ts';
import { expectNoAxeViolations } from './accessibility.ts';
import { type JourneyTarget, reloadOfflineWithLastAnswer } from './app-journeys.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';
import { goOffline } from './offline-ready.ts';

/**
 * A journey target whose models answer from the fake OpenRouter, on an operator key: the
 * journeys script what a model sends and read what it was asked.
 */
export type JourneyOnFakeOpenRouter = JourneyTarget & { openRouter: FakeOpenRouter };

/** The last streamed chat completion the fake received. */
export const lastStreamedRequest = (target: JourneyOnFakeOpenRouter) =>
  target.openRouter.requests.filter((request) => request.stream).at(-1);

/** Picks a model from the composer's model menu: searched for by `query`, named `name`. */
export async function chooseModel(page: Page, query: string, name: RegExp) {
  await page.getByRole('button', { name: /^Model / }).click();
  await page.getByRole('searchbox', { name: 'Search models' }).fill(query);
  await page.getByRole('button', { name }).click();
}

const answerDone = (page: Page) =>
  lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });

const occurrences = (text: string, word: string) => text.split(word).length - 1;

// Forty steps of reasoning 150 ms apart (six seconds): long enough to reload in the middle of.
const steps = Array.from({ length: 40 }, (_, i) => `Step ${i}. `);

/**
 * A thinking model's reasoning streams into a folded "Reasoning" above its answer, resumes
 * after a reload in its middle, and keeps how long it took, after a reload and offline too.
 */
export async function reasoningJourney(target: JourneyOnFakeOpenRouter) {
  const reasoningOf = (page: Page) => lastAnswer(page).locator('details');
  const reasoningText = async (page: Page) =>
    (await reasoningOf(page)
      .textContent()
      .catch(() => null)) ?? '';
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Thinker'));
  await chooseModel(page, 'claude sonnet', /^Anthropic: Claude Sonnet 4/);

  // The model can reason: the toggle is there, off until the person turns it on.
  const think = page.getByRole('button', { name: 'Think', exact: true });
  expect(await think.getAttribute('aria-pressed')).toBe('false');
  await think.click();
  await expect.poll(() => think.getAttribute('aria-pressed')).toBe('true');

  target.openRouter.script({
    kind: 'text',
    reasoning: steps,
    chunks: ['Go ', 'to ', 'Lisbon.'],
    delayMs: 150,
  });
  await sendFromComposer(page, 'Where should I travel?');
  await expect.poll(() => lastStreamedRequest(target)?.reasoning).toEqual({ enabled: true });

  // Live: open while the reasoning is all there is, above no answer text yet.
  const summary = reasoningOf(page).locator('summary');
  await expect.poll(() => summary.textContent()).toContain('Reasoning');
  await expect.poll(() => reasoningText(page)).toContain('Step 4.');
  expect(await reasoningOf(page).getAttribute('open')).not.toBeNull();
  expect(await page.getByText('Step 2.', { exact: false }).isVisible()).toBe(true);

  // A reload in the middle of the reasoning continues it: nothing lost, nothing doubled.
  expect(await reasoningText(page)).not.toContain('Step 30.');
  await page.reload();
  // Read again from the stream while the model is still reasoning, shown open.
  await expect
    .poll(async () => ({
      status: await lastAnswer(page).getAttribute('data-status'),
      open: (await reasoningOf(page).getAttribute('open')) !== null,
      shown: (await reasoningText(page)).includes('Step 3.'),
    }))
    .toEqual({ status: 'streaming', open: true, shown: true });
  await answerDone(page);
  const reasoning = await reasoningText(page);
  for (const step of steps) expect(occurrences(reasoning, step.trim())).toBe(1);

  // Done: folded away, with how long it took; the answer text is below it, and apart.
  await expect.poll(() => summary.textContent()).toMatch(/^Reasoning · [5-9] s$/);
  expect(await reasoningOf(page).getAttribute('open')).toBeNull();
  const answerText = lastAnswer(page).locator('.message-content');
  expect(await answerText.textContent()).toBe('Go to Lisbon.');
  await summary.click();
  expect(await page.getByText('Step 39.', { exact: false }).isVisible()).toBe(true);
  await expectNoAxeViolations(page, 'an answer with its reasoning');

  // Kept with the message: after a reload, and offline.
  await reloadOfflineWithLastAnswer(target, page);
  await expect.poll(() => summary.textContent()).toMatch(/^Reasoning · [5-9] s$/);
  expect(occurrences(await reasoningText(page), 'Step 39.')).toBe(1);
  await context.close();
}

const weather = 'https://weather.example.com/lisbon';
const tourism = 'https://www.visitlisbon.example/packing';

/** The web search toggle of the composer. */
export const webSearchToggle = (page: Page) => page.getByRole('button', { name: 'Search the web' });

/**
 * An answer that searched the web lists its sources as links that open apart from the app,
 * marks them in its text, and keeps them after a reload and offline.
 */
export async function webSearchJourney(target: JourneyOnFakeOpenRouter) {
  const pressed = (page: Page) => webSearchToggle(page).getAttribute('aria-pressed');
  const sourcesOf = (page: Page) => lastAnswer(page).getByRole('region', { name: 'Sources' });
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Searcher'));
  await chooseModel(page, 'gpt 4o mini', /^OpenAI: GPT-4o-mini/);

  // A new chat starts with the toggle off; pressed, it goes with the first message.
  expect(await pressed(page)).toBe('false');
  await webSearchToggle(page).click();
  await expect.poll(() => pressed(page)).toBe('true');
  target.openRouter.script({
    kind: 'text',
    chunks: ['Lisbon ', 'is ', 'sunny ', 'in ', 'May.', ' Pack ', 'light.'],
    delayMs: 20,
    citations: [
      { url: weather, title: 'Lisbon weather in May', start_index: 0, end_index: 23 },
      { url: tourism, title: 'What to pack', start_index: 24, end_index: 35 },
      { url: 'javascript:alert(document.cookie)', title: 'Click me' },
    ],
  });
  await sendFromComposer(page, 'What is the weather in Lisbon in May?');
  await expect.poll(() => lastStreamedRequest(target)?.plugins).toEqual([{ id: 'web' }]);
  await answerDone(page);

  const expectSources = async () => {
    // Read in one go, and again until they are there: after a reload the answer's row can
    // render again between a wait for the list and a read of its links.
    const links = sourcesOf(page).getByRole('link');
    const newTab = { target: '_blank', rel: 'noopener noreferrer' };
    await expect
      .poll(() =>
        links.evaluateAll((found) =>
          found.map((link) => ({
            name: link.textContent,
            href: link.getAttribute('href'),
            target: link.getAttribute('target'),
            rel: link.getAttribute('rel'),
          })),
        ),
      )
      .toEqual([
        {
          name: expect.stringMatching(/Lisbon weather in May.*weather\.example\.com/),
          href: weather,
          ...newTab,
        },
        {
          name: expect.stringMatching(/What to pack.*visitlisbon\.example/),
          href: tourism,
          ...newTab,
        },
      ]);
    // Each cited span is followed by its number, linking to the page.
    const marker = lastAnswer(page).locator('.message-content sup a');
    await expect.poll(() => marker.allTextContents()).toEqual(['[1]', '[2]']);
    expect(await marker.first().getAttribute('href')).toBe(weather);
    expect(await lastAnswer(page).locator('.message-content').textContent()).toBe(
      'Lisbon is sunny in May.[1] Pack light.[2]',
    );
    // Nothing of the page that was not an address became a link.
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  };
  await expectSources();
  await expectNoAxeViolations(page, 'an answer with its sources');

  // The conversation remembers its toggle; the sources come back with the row after a reload.
  await expect.poll(() => pressed(page)).toBe('true');
  await page.reload();
  await expectSources();
  await expect.poll(() => pressed(page)).toBe('true');

  // Offline too: they are part of the message on the device.
  await reloadOfflineWithLastAnswer(target, page);
  await expectSources();
  await context.setOffline(false);
  await context.close();
}

const picture = decodablePngBytes(48, 32, [200, 40, 40]);

/**
 * An image model's picture shows under its answer, decoded at its own size, again after a
 * reload, and offline once it has been shown.
 */
export async function imageGenerationJourney(target: JourneyOnFakeOpenRouter) {
  /** The pixel size of the generated image under the last answer once decoded. */
  const decodedSize = (page: Page) =>
    lastAnswer(page)
      .getByRole('img', { name: 'Generated image' })
      // An <img> has no type here (no DOM types in journeys): its fields are read by name.
      .evaluate((img) =>
        Reflect.get(img, 'complete')
          ? `${Reflect.get(img, 'naturalWidth')}x${Reflect.get(img, 'naturalHeight')}`
          : 'not yet',
      )
      .catch(() => 'not shown');
  const context = await target.newContext();
  const page = await context.newPage();
  await createAccount(page, target.url, newPerson('Painter'));
  await chooseModel(page, 'flash image', /^Google: Gemini 2.5 Flash Image/);

  target.openRouter.script({
    kind: 'text',
    chunks: ['Here ', 'is ', 'a red ', 'rectangle.'],
    images: [`data:image/png;base64,${picture.toString('base64')}`],
  });
  await sendFromComposer(page, 'Draw a red rectangle');
  await answerDone(page);
  expect(lastStreamedRequest(target)?.modalities).toEqual(['image', 'text']);
  // The picture itself, decoded: its own size, whatever the thumbnail's.
  await expect.poll(() => decodedSize(page)).toBe('48x32');
  // The answer's text is its words alone.
  expect(await lastAnswer(page).locator('.message-content').textContent()).toBe(
    'Here is a red rectangle.',
  );
  await expectNoAxeViolations(page, 'an answer with a generated image');

  await page.reload();
  await expect.poll(() => decodedSize(page)).toBe('48x32');

  // Kept on the device once shown: it opens with no network.
  await goOffline(target, page, { name: 'image-1.png', source: 'generated' });
  await page.reload();
  await expect.poll(() => decodedSize(page)).toBe('48x32');
  await context.close();
}
