import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { getAnswerText, setAnswerText, watchAnswerText } from './answer-cache.ts';
import { type AnswerText, addChunks, emptyAnswerText } from './answer-text.ts';

describe('the answer cache', () => {
  // The clock that says whether a chunk came alone; the flush task still runs for real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a chunk that comes alone is told at once; chunks close together (a replay, a fast model) are told together', async () => {
    const runId = 'run-burst';
    const seen: string[] = [];
    let onTell = () => {};
    const stop = watchAnswerText(runId, () => {
      seen.push(getAnswerText(runId).text);
      onTell();
    });
    const nextTell = () =>
      new Promise<void>((resolve) => {
        onTell = resolve;
      });
    let answer: AnswerText = emptyAnswerText;
    const receive = (...deltas: string[]) => {
      for (const delta of deltas) {
        const at = answer.next;
        const added = addChunks(answer, { first: at, last: at, text: delta });
        if (added === 'gap') throw new Error('unexpected gap');
        answer = added;
        setAnswerText(runId, answer, { notify: 'batched' });
      }
    };

    // A replay in one task: the first chunk renders at once, the rest in the task after it.
    receive('One ', 'two ', 'three.');
    expect(getAnswerText(runId).text).toBe('One two three.');
    expect(seen).toEqual(['One ']);
    await nextTell();
    expect(seen).toEqual(['One ', 'One two three.']);

    // Within a frame of the last telling: waits for the next task too.
    vi.advanceTimersByTime(5);
    receive(' Four.');
    expect(seen).toHaveLength(2);
    await nextTell();
    expect(seen.at(-1)).toBe('One two three. Four.');

    // A live chunk after a quiet frame: told in its own task.
    vi.advanceTimersByTime(50);
    receive(' Five.');
    expect(seen.at(-1)).toBe('One two three. Four. Five.');

    setAnswerText(runId, { ...answer, ended: true });
    expect(seen).toHaveLength(5);
    stop();
  });
});
