import { describe, expect, test } from 'vitest';
import { blockSplitter, splitBlocks } from './split-blocks.ts';

describe('splitting Markdown into blocks while it streams', () => {
  test('paragraphs, headings and lists separated by blank lines are blocks of their own', () => {
    expect(splitBlocks('# Title\n\nFirst line\nstill first\n\n- a\n- b\n\n\nLast')).toEqual([
      '# Title',
      'First line\nstill first',
      '- a\n- b',
      'Last',
    ]);
  });

  test('a fenced code block stays whole, blank lines included', () => {
    const code = '```ts\nconst a = 1;\n\nconst b = 2;\n```';
    expect(splitBlocks(`Intro\n${code}\nAfter`)).toEqual(['Intro', code, 'After']);
    expect(splitBlocks('~~~~\n```\nnot the end\n~~~~')).toEqual(['~~~~\n```\nnot the end\n~~~~']);
  });

  test('an unclosed fence mid-stream is one growing block to the end', () => {
    expect(splitBlocks('Here:\n\n```py\nprint(1)\n\nprint(2)')).toEqual([
      'Here:',
      '```py\nprint(1)\n\nprint(2)',
    ]);
  });

  test('as text grows, blocks before the last never change', () => {
    const answer =
      'Intro paragraph.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```js\nlet x;\n\nx = 1;\n```\n\nDone.';
    let finished: string[] = [];
    for (let end = 1; end <= answer.length; end++) {
      const blocks = splitBlocks(answer.slice(0, end));
      const settled = blocks.slice(0, -1);
      // Every block but the last was final already: the earlier ones reappear unchanged.
      expect(settled.slice(0, finished.length)).toEqual(finished.slice(0, settled.length));
      if (settled.length > finished.length) finished = settled;
    }
    expect(splitBlocks(answer).join('\n\n')).toBe(answer);
  });
});

describe('the incremental splitter', () => {
  test('gives the same blocks as splitting afresh at every length, and starts over on a new text', () => {
    const answer =
      'Intro paragraph.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n\n```js\nlet x;\n\nx = 1;\n```\n\n- one\n- two\n\nDone.';
    const split = blockSplitter();
    for (let end = 0; end <= answer.length; end++) {
      expect(split(answer.slice(0, end))).toEqual(splitBlocks(answer.slice(0, end)));
    }
    expect(split('Another answer\n\nentirely')).toEqual(['Another answer', 'entirely']);
  });
});

describe('the rest of a list item or a footnote', () => {
  test('an indented paragraph or code block stays with the list or footnote before it', () => {
    const steps = '1. Install:\n\n   ```sh\n   npm i\n   ```\n\n   Then wait.';
    const note = '[^1]: First paragraph.\n\n    Second paragraph.';
    expect(splitBlocks(`${steps}\n\n2. Run it\n\n${note}\n\nAfter`)).toEqual([
      steps,
      '2. Run it',
      note,
      'After',
    ]);
  });

  test('nothing is added to a fenced code block', () => {
    expect(splitBlocks('```\ncode\n```\n\n    more code')).toEqual([
      '```\ncode\n```',
      '    more code',
    ]);
  });

  test('streamed piece by piece, it gives the same blocks as split afresh', () => {
    const answer =
      '- a\n\n  more of a\n\n      code in a\n\n- b\n\n[^n]: Note\n\n    more note\n\nEnd';
    const split = blockSplitter();
    for (let end = 0; end <= answer.length; end++) {
      expect(split(answer.slice(0, end))).toEqual(splitBlocks(answer.slice(0, end)));
    }
  });
});
