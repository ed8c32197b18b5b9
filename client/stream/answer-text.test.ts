import { describe, expect, test } from 'vitest';
import { addChunks, emptyAnswerText } from './answer-text.ts';

/** Adds `[first, last, text]` in turn, as chunk events bring them. */
const add = (events: [number, number, string][]) =>
  events.reduce((answer, [first, last, text]) => {
    const next = addChunks(answer, { first, last, text });
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
    ).toEqual({ text: 'a b c d', next: 4, ended: false });
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
    expect(addChunks(answer, { first: 2, last: 2, text: 'c' })).toBe('gap');
    expect(addChunks(answer, { first: 0, last: 1, text: 'ab' })).toBe('gap');
    expect(answer).toEqual({ text: 'a', next: 1, ended: false });
  });
});
