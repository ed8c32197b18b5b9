import { describe, expect, test } from 'vitest';
import { definitionsAttacher } from './answer-definitions.ts';
import { splitBlocks } from './split-blocks.ts';

const attachedTo = (text: string) => definitionsAttacher()(text, splitBlocks(text), true).sources;

describe('handing blocks the definitions they use', () => {
  test('an answer with no definition is passed through as it is', () => {
    const blocks = ['See [a] and [b][c].', 'More [^1].'];
    expect(definitionsAttacher()(blocks.join('\n\n'), blocks, true).sources).toBe(blocks);
  });

  test('a block gets the link definitions of its labels before it, and footnotes after it', () => {
    const sources = attachedTo(
      'Use [x][Some  Label] and [y].[^n]\n\nPlain text.\n\n[some label]: /one\n[y]: /two\n\n[^N]: A note.',
    );
    expect(sources[0]).toBe(
      '[some label]: /one\n\n[y]: /two\n\nUse [x][Some  Label] and [y].[^n]\n\n[^n]:',
    );
    expect(sources[1]).toBe('Plain text.');
  });

  test('the first definition of a label wins, and code uses none', () => {
    const sources = attachedTo('[a] here\n\n```js\nx[a] = 1;\n```\n\n[a]: /first\n\n[a]: /second');
    expect(sources[0]).toBe('[a]: /first\n\n[a] here');
    expect(sources[1]).toBe('```js\nx[a] = 1;\n```');
  });

  test('a block keeps the same source while a note it calls is still being written', () => {
    const attach = definitionsAttacher();
    const text = (note: string) => `A claim.[^1]\n\n[^0]: First.\n[^1]: ${note}`;
    const before = attach(text('Its'), splitBlocks(text('Its')), false);
    const after = attach(text('Its source\n'), splitBlocks(text('Its source\n')), false);
    expect(before.sources[0]).toBe('A claim.[^1]');
    expect(after.sources[0]).toBe('A claim.[^1]\n\n[^1]:');
    const done = attach(text('Its source is long'), splitBlocks(text('Its source is long')), true);
    expect(done.sources[0]).toBe(after.sources[0]);
    expect(done.footnotes.map((footnote) => footnote.note)).toEqual(['Its source is long']);
  });

  test('while an answer streams, a definition is read once its line is finished', () => {
    const attach = definitionsAttacher();
    const growing = ['See [a].\n\n[a]: https://exa', 'See [a].\n\n[a]: https://example.com'];
    for (const text of growing)
      expect(attach(text, splitBlocks(text), false).sources[0]).toBe('See [a].');
    const finished = 'See [a].\n\n[a]: https://example.com\n[b]:';
    expect(attach(finished, splitBlocks(finished), false).sources[0]).toBe(
      '[a]: https://example.com\n\nSee [a].',
    );
  });

  test('a note written over several lines is its text without the indentation', () => {
    const { footnotes } = definitionsAttacher()(
      'Hi[^a]\n\n[^a]: First line\n    second line',
      ['Hi[^a]', '[^a]: First line\n    second line'],
      true,
    );
    expect(footnotes).toMatchObject([
      { identifier: 'a', number: 1, note: 'First line\nsecond line', firstBlock: 0, definedIn: 1 },
    ]);
  });
});
