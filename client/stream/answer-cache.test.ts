import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { getAnswerText, setAnswerText, watchAnswerText } from './answer-cache.ts';
import { type AnswerText, addChunks, emptyAnswerText } from './answer-text.ts';

describe('the answer cache', () => {
  // The clock that says whether a chunk came alone, and the timer that tells the rest.
  let tests = 0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout'] });
    // Long after any telling of an earlier test: each starts the fake clock at 0 again.
    tests += 1;
    vi.advanceTimersByTime(60_000 * tests);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** An answer that receives chunks, and what its watcher was told, in order. */
  function watchedAnswer(runId: string) {
    const seen: string[] = [];
    const stop = watchAnswerText(runId, () => seen.push(getAnswerText(runId).text));
    let answer: AnswerText = emptyAnswerText;
    const receive = (...deltas: string[]) => {
      for (const delta of deltas) {
        const at = answer.next;
        const added = addChunks(answer, { first: at, last: at, text: delta, kind: 'text' });
        if (added === 'gap') throw new Error('unexpected gap');
        answer = added;
        setAnswerText(runId, answer, { notify: 'batched' });
      }
    };
    const end = () => setAnswerText(runId, { ...answer, ended: true });
    return { seen, receive, end, stop };
  }

  test('a chunk that comes alone is told at once; chunks close together are told together, a frame after the last telling', () => {
    const { seen, receive, end, stop } = watchedAnswer('run-burst');

    // Several in one task: the first renders at once, the rest together a frame later.
    receive('One ', 'two ', 'three.');
    expect(getAnswerText('run-burst').text).toBe('One two three.');
    expect(seen).toEqual(['One ']);
    vi.advanceTimersByTime(15);
    expect(seen).toEqual(['One ']);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['One ', 'One two three.']);

    // Within a frame of the last telling: waits for the rest of that frame.
    vi.advanceTimersByTime(5);
    receive(' Four.');
    expect(seen).toHaveLength(2);
    vi.advanceTimersByTime(11);
    expect(seen.at(-1)).toBe('One two three. Four.');

    // A chunk after a quiet frame: told in its own task.
    vi.advanceTimersByTime(50);
    receive(' Five.');
    expect(seen.at(-1)).toBe('One two three. Four. Five.');

    // The end is told at once.
    end();
    expect(seen).toHaveLength(5);
    stop();
  });

  test('a fast model (a chunk every 2.5 ms) is told about once a frame, and nothing is left untold', () => {
    const { seen, receive, stop } = watchedAnswer('run-fast');
    const words = Array.from({ length: 64 }, (_, i) => `w${i} `);
    for (const word of words) {
      receive(word);
      vi.advanceTimersByTime(2.5);
    }
    vi.advanceTimersByTime(16);
    // 160 ms of words: a telling for the first, then one every 16 ms.
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen.length).toBeLessThanOrEqual(12);
    expect(seen.at(-1)).toBe(words.join(''));
    stop();
  });
});
