import { describe, expect, test } from 'vitest';
import { getAnswerText, setAnswerText, watchAnswerText } from './answer-cache.ts';
import { addChunk, emptyAnswerText } from './answer-text.ts';

describe('the answer cache', () => {
  test('a burst of chunks (a replay after a reload) tells the answer twice: the first at once, then all of them', async () => {
    const runId = 'run-burst';
    const seen: string[] = [];
    let told = () => {};
    const restTold = new Promise<void>((resolve) => {
      told = resolve;
    });
    const stop = watchAnswerText(runId, () => {
      seen.push(getAnswerText(runId).text);
      if (seen.length === 2) told();
    });
    let answer = emptyAnswerText;
    for (const [offset, delta] of ['One ', 'two ', 'three.'].entries()) {
      const added = addChunk(answer, offset, delta);
      if (added === 'gap') throw new Error('unexpected gap');
      answer = added;
      setAnswerText(runId, answer, { notify: 'batched' });
    }
    // The text is there at once for whoever reads it; the first chunk renders in its own task
    // (a live chunk paints in the next frame), the rest of the burst wait for the next task.
    expect(getAnswerText(runId).text).toBe('One two three.');
    expect(seen).toEqual(['One ']);
    // Waits for the telling itself: a timer is not ordered against the task it comes in.
    await restTold;
    expect(seen).toEqual(['One ', 'One two three.']);

    // The next live chunk, in a task of its own, is told at once again.
    const added = addChunk(answer, 3, ' Four.');
    if (added === 'gap') throw new Error('unexpected gap');
    setAnswerText(runId, added, { notify: 'batched' });
    expect(seen).toHaveLength(3);
    setAnswerText(runId, { ...added, ended: true });
    expect(seen).toHaveLength(4);
    stop();
  });
});
