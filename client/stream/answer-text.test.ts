import { describe, expect, test } from 'vitest';
import { addChunks, emptyAnswerText } from './answer-text.ts';

/** Adds `[first, last, text]` in turn, as chunk events bring them. */
const add = (events: [number, number, string][]) =>
  events.reduce((answer, [first, last, text]) => {
    const next = addChunks(answer, { first, last, text, kind: 'text' });
    if (next === 'gap') throw new Error(`gap at ${first}`);
    return next;
  }, emptyAnswerText);

describe('assembling an answer by offset', () => {
  test('chunks in order make the text and move the next offset on', () => {
    expect(
      add([
        [0, 0, 'Hello'],
        [1, 1, ' there'],
        [2, 2, '\n'],
      ]),
    ).toEqual({
      text: 'Hello there\n',
      reasoning: '',
      next: 3,
      ended: false,
    });
  });

  test('a replay of many chunks in one event moves the next offset past all of them', () => {
    expect(
      add([
        [0, 2, 'a b c '],
        [3, 3, 'd'],
      ]),
    ).toEqual({ text: 'a b c d', reasoning: '', next: 4, ended: false });
  });

  test('chunks held already are ignored, so a resumed stream never doubles text', () => {
    const answer = add([
      [0, 0, 'a '],
      [1, 1, 'b '],
      [0, 1, 'a b '],
      [1, 1, 'b '],
      [2, 2, 'c'],
    ]);
    expect(answer.text).toBe('a b c');
    expect(answer.next).toBe(3);
  });

  test('chunks that would leave a hole, or that cannot be split where the text ends, are a gap', () => {
    const answer = add([[0, 0, 'a']]);
    expect(addChunks(answer, { first: 2, last: 2, text: 'c', kind: 'text' })).toBe('gap');
    expect(addChunks(answer, { first: 0, last: 1, text: 'ab', kind: 'text' })).toBe('gap');
    expect(answer).toEqual({ text: 'a', reasoning: '', next: 1, ended: false });
  });

  test("reasoning and text are assembled apart, each in the stream's order", () => {
    let answer = emptyAnswerText;
    const events = [
      { first: 0, last: 1, text: 'Think, ', kind: 'reasoning' },
      { first: 2, last: 2, text: 'think.', kind: 'reasoning' },
      { first: 3, last: 3, text: 'Answer', kind: 'text' },
      // A replay of the reasoning after a reconnect: already held.
      { first: 0, last: 2, text: 'Think, think.', kind: 'reasoning' },
      { first: 4, last: 4, text: '.', kind: 'text' },
    ] as const;
    for (const chunks of events) {
      const next = addChunks(answer, chunks);
      if (next === 'gap') throw new Error(`gap at ${chunks.first}`);
      answer = next;
    }
    expect(answer).toEqual({ text: 'Answer.', reasoning: 'Think, think.', next: 5, ended: false });
  });
});
