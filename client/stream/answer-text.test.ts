import { describe, expect, test } from 'vitest';
import { addChunk, emptyAnswerText } from './answer-text.ts';

const add = (chunks: [number, string][]) =>
  chunks.reduce((answer, [offset, delta]) => {
    const next = addChunk(answer, offset, delta);
    if (next === 'gap') throw new Error(`gap at ${offset}`);
    return next;
  }, emptyAnswerText);

describe('assembling an answer by offset', () => {
  test('chunks in order make the text and move the next offset on', () => {
    expect(
      add([
        [0, 'Hello'],
        [1, ' there'],
        [2, '\n'],
      ]),
    ).toEqual({
      text: 'Hello there\n',
      next: 3,
      ended: false,
    });
  });

  test('a replayed chunk is ignored, so a resumed stream never doubles text', () => {
    const answer = add([
      [0, 'a '],
      [1, 'b '],
      [0, 'a '],
      [1, 'b '],
      [2, 'c'],
    ]);
    expect(answer.text).toBe('a b c');
    expect(answer.next).toBe(3);
  });

  test('a chunk past the next offset is a gap and changes nothing', () => {
    const answer = add([[0, 'a']]);
    expect(addChunk(answer, 2, 'c')).toBe('gap');
    expect(answer).toEqual({ text: 'a', next: 1, ended: false });
  });
});
