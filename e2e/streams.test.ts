import { describe, expect, test } from 'vitest';
import { waitFor } from '../server/testing/wait-for.ts';
import { useAppInBrowser } from './app-in-browser.ts';
import {
  secondDeviceMidAnswer,
  stopOnBothDevices,
  waitForWords,
  wordsPrompt,
} from './app-journeys.ts';
import { hasBrowser } from './browser.ts';
import { createAccount, lastAnswer, newPerson, sendFromComposer } from './journeys.ts';

// Long enough to reload in the middle of, at 20 words per second (about 6 seconds).
const longPrompt = wordsPrompt(120);

const occurrences = (text: string, word: string) => text.split(word).length - 1;

describe.runIf(hasBrowser)('answers stream and resume in the browser', () => {
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '20' });

  test('reloading twice in the middle of an answer ends with exactly the demo reply', async () => {
    const page = await (await app.newContext()).newPage();
    await createAccount(page, app.server.url, newPerson('Reloader'));
    await sendFromComposer(page, longPrompt);
    await waitForWords(page, 10);
    await page.reload();
    await waitForWords(page, 30);
    await page.reload();
    await waitForWords(page, 50);
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
    const text = (await lastAnswer(page).textContent()) ?? '';
    expect(text).toContain(longPrompt);
    // Nothing doubled: every word appears once.
    expect(occurrences(text, 'word7 ')).toBe(1);
    expect(occurrences(text, 'word119')).toBe(1);
  });

  test('a second browser that opens the conversation mid-answer sees the live tail', () =>
    secondDeviceMidAnswer(app));

  test('Stop on one device ends the answer as stopped on both, keeping the text so far', () =>
    stopOnBothDevices(app));
});

// Notes, for each change of the newest answer's text, whether its typing dots were moving.
const dotsRecorder = `
  window.__dots = [];
  new MutationObserver(() => {
    const answer = [...document.querySelectorAll('article[data-role="assistant"]')].at(-1);
    const text = answer?.querySelector('.message-content')?.textContent ?? '';
    if (text === '' || text === window.__dots.at(-1)?.text) return;
    const dots = answer.querySelector('.typing-indicator');
    window.__dots.push({ text, moving: dots ? dots.getAnimations({ subtree: true }).length > 0 : null });
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

describe.runIf(hasBrowser)('the typing dots', () => {
  // A word a second and a half: long enough a wait for the dots to start moving.
  const app = useAppInBrowser({ DEMO_WORDS_PER_SECOND: '0.66' });

  test('move while the answer waits for its next words, and keep still as each arrives', async () => {
    const page = await (await app.newContext({ reducedMotion: 'no-preference' })).newPage();
    await page.addInitScript(dotsRecorder);
    await createAccount(page, app.server.url, newPerson('Patient'));
    await sendFromComposer(page, 'one two three');
    const dots = lastAnswer(page).locator('.typing-indicator');
    await waitFor(
      async () =>
        (await dots.evaluate((el) => el.getAnimations({ subtree: true }).length).catch(() => 0)) >
          0 || undefined,
      { timeoutMs: 15_000, what: 'the dots moving while the answer waits' },
    );
    await lastAnswer(page).and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
    const changes = (await page.evaluate('window.__dots')) as { moving: boolean | null }[];
    // Each word stopped the dots in the frame that showed it (null: no dots, the answer done).
    expect(changes.filter((change) => change.moving === false).length).toBeGreaterThanOrEqual(3);
    expect(changes.filter((change) => change.moving === true)).toEqual([]);
  });
});
