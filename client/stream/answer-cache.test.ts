import { describe, expect, test } from 'vitest';
import { getAnswerText, setAnswerText, watchAnswerText } from './answer-cache.ts';
import { addChunk, emptyAnswerText } from './answer-text.ts';

describe('the answer cache', () => {
  test('a burst of chunks (a replay after a reload) tells the answer once, with all of them', async () => {
    const runId = 'run-burst';
    const seen: string[] = [];
    let told = () => {};
    const firstTold = new Promise<void>((resolve) => {
      told = resolve;
    });
    const stop = watchAnswerText(runId, () => {
      seen.push(getAnswerText(runId).text);
      told();
    });
    let answer = emptyAnswerText;
    for (const [offset, delta] of ['One ', 'two ', 'three.'].entries()) {
      const added = addChunk(answer, offset, delta);
      if (added === 'gap') throw new Error('unexpected gap');
      answer = added;
      setAnswerText(runId, answer, { notify: 'batched' });
    }
    // The text is there at once for whoever reads it; the telling waits for the next task.
    expect(getAnswerText(runId).text).toBe('One two three.');
    expect(seen).toEqual([]);
    // Waits for the telling itself: a timer is not ordered against the task it comes in.
    await firstTold;
    expect(seen).toEqual(['One two three.']);

    setAnswerText(runId, { ...answer, ended: true });
    expect(seen).toHaveLength(2);
    stop();
  });
});
