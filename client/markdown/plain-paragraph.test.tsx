import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, test } from 'vitest';
import { isPlainParagraph } from './plain-paragraph.ts';

const asMarkdown = (source: string) =>
  renderToStaticMarkup(<Markdown remarkPlugins={[remarkGfm]}>{source}</Markdown>);

describe('a plain paragraph, shown without parsing', () => {
  test('is rendered by Markdown as one paragraph of exactly its text', () => {
    const plain = [
      'Hello',
      'Streaming text arrives word by word, and the last block grows. ',
      "It's 42 degrees (about 5.5 units) - give or take; really? Yes! 1+1=2 ^ %",
      'Ünïcödé prose, 日本語 too, and an emoji 🎉 at the end   ',
      'Note: prose has colons too, at 10:30 or in a ratio of 3:2',
      'Steps follow: first this, then that (as planned)!',
    ];
    for (const source of plain) {
      expect(isPlainParagraph(source)).toBe(true);
      expect(asMarkdown(source)).toBe(renderToStaticMarkup(<p>{source.trimEnd()}</p>));
    }
  });

  test('is not anything Markdown could render otherwise', () => {
    const marked = [
      'Some **bold** text',
      'An _emphasis_',
      'Inline `code` here',
      'A [link](https://example.com)',
      'A [reference][docs] link',
      'A [shortcut] link',
      'A claim with a footnote[^1]',
      'See https://example.com for more',
      'See HTTP://EXAMPLE.COM for more',
      'See www.example.com for more',
      'Mail me at someone@example.com',
      'Fish &amp; chips',
      'An escaped \\* star',
      'Some <b>html</b>',
      'A ~~strike~~',
      'a | b',
      'Two lines\nof text',
      '- a list',
      '1. a list',
      '# A heading',
      '> a quote',
      '    indented code',
      '',
    ];
    for (const source of marked) expect(isPlainParagraph(source), source).toBe(false);
  });
});
