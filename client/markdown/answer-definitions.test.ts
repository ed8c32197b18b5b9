import { describe, expect, test } from 'vitest';
import { definitionsAttacher } from './answer-definitions.ts';
import { splitBlocks } from './split-blocks.ts';

const attachedTo = (text: string) => definitionsAttacher()(text, splitBlocks(text)).sources;

describe('handing blocks the definitions they use', () => {
  test('an answer with no definition is passed through as it is', () => {
    const blocks = ['See [a] and [b][c].', 'More [^1].'];
    expect(definitionsAttacher()(blocks.join('\n\n'), blocks).sources).toBe(blocks);
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
    const text = 'A claim.[^1]\n\n[^1]: Its source is long';
    const before = attach('A claim.[^1]\n\n[^1]: Its', splitBlocks('A claim.[^1]\n\n[^1]: Its'));
    const after = attach(text, splitBlocks(text));
    expect(after.sources[0]).toBe(before.sources[0]);
    expect(after.footnotes.map((footnote) => footnote.note)).toEqual(['Its source is long']);
  });

  test('a note written over several lines is its text without the indentation', () => {
    const { footnotes } = definitionsAttacher()('Hi[^a]\n\n[^a]: First line\n    second line', [
      'Hi[^a]',
      '[^a]: First line\n    second line',
    ]);
    expect(footnotes).toMatchObject([
      { identifier: 'a', number: 1, note: 'First line\nsecond line', firstBlock: 0, definedIn: 1 },
    ]);
  });
});
