import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import MarkdownView from './markdown-view.tsx';

const render = (text: string, complete = true) =>
  renderToStaticMarkup(<MarkdownView text={text} complete={complete} />);

const answer = [
  'Read the [guide][docs], the [notes][] and the [FAQ] first.[^why]',
  '',
  'Later on, [the guide][DOCS] again, and a second thought.[^2] And why, once more.[^why]',
  '',
  '[docs]: https://example.com/guide "The guide"',
  '[notes]: <https://example.com/notes>',
  '[faq]: https://example.com/faq',
  '',
  '[^2]: The second note, with a [link][docs].',
  '[^why]: Because it *matters*.',
].join('\n');

describe('reference links and footnotes in an answer', () => {
  test('reference links in every form use definitions written anywhere in the answer', () => {
    const html = render(answer);
    expect(html).toContain(
      '<a href="https://example.com/guide" title="The guide" target="_blank" rel="noopener noreferrer">guide</a>',
    );
    expect(html).toContain('<a href="https://example.com/notes" target="_blank"');
    expect(html).toContain('<a href="https://example.com/faq" target="_blank"');
    expect(html).toContain('>the guide</a>');
    // The definitions themselves are not shown.
    expect(html).not.toContain(']:');
    expect(html).not.toContain('[docs]');
  });

  test('footnotes are numbered by first call across the answer and their notes shown at its end', () => {
    const html = render(answer);
    const calls = [...html.matchAll(/<a href="#([^"]+)"[^>]*data-footnote-ref[^>]*>(\d)<\/a>/g)];
    expect(calls.map((call) => call[2])).toEqual(['1', '2', '1']);
    const notes = html.slice(html.indexOf('<section class="footnotes"'));
    expect(notes).toMatch(/<li id="[^"]+fn-1"[^>]*><p>Because it <em>matters<\/em>.<\/p>/);
    expect(notes).toMatch(/<li id="[^"]+fn-2"/);
    expect(notes).toContain('<a href="https://example.com/guide" title="The guide"');
    expect(html.indexOf('Because it')).toBeGreaterThan(html.indexOf('a second thought'));
    // Every call leads to its note, and every note back to a call that is there.
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
    for (const call of calls) expect(ids).toContain(call[1]);
    for (const back of notes.matchAll(/<a href="#([^"]+)" class="footnote-back"/g)) {
      expect(ids).toContain(back[1]);
    }
    expect(html.match(/\[\^/g)).toBeNull();
  });

  test('a note of several paragraphs is shown whole among the notes, not as code in the text', () => {
    const html = render(
      'A claim.[^1]\n\n[^1]: Its source.\n\n    And a second paragraph.\n\nThe end.',
    );
    expect(html).not.toContain('<pre');
    const notes = html.slice(html.indexOf('<section class="footnotes"'));
    expect(notes).toContain('<p>Its source.</p>\n<p>And a second paragraph.</p>');
    expect(html.indexOf('The end.')).toBeLessThan(html.indexOf('<section'));
  });

  test('two answers on one page with the same footnote have ids of their own', () => {
    const text = 'A claim.[^1]\n\n[^1]: Its source.';
    const html = renderToStaticMarkup(
      <>
        <MarkdownView text={text} complete />
        <MarkdownView text={text} complete />
      </>,
    );
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a javascript: definition gives no link, only its text', () => {
    const html = render(
      'Do not [click here][evil] or [this].\n\n[evil]: javascript:alert(1)\n[this]: JAVASCRIPT:alert(2)',
    );
    expect(html).not.toMatch(/javascript/i);
    expect(html).not.toContain('<a');
    expect(html).toContain('<span>click here</span>');
  });

  test('a reference with no definition stays as written, and a footnote never called is not shown', () => {
    const html = render('See [nowhere][none] now.\n\n[^lonely]: Never called.');
    expect(html).toContain('See [nowhere][none] now.');
    expect(html).not.toContain('Never called');
  });

  test('while an answer streams, a link appears once its definition has arrived', () => {
    const text = 'See [the docs][d].\n\n[d]: https://example.com/docs';
    expect(render(text.slice(0, text.indexOf('[d]:')), false)).toContain('[the docs][d]');
    // Not while its address is still being written: it would lead somewhere half-way.
    expect(render(text.slice(0, text.indexOf('/docs')), false)).not.toContain('<a');
    expect(render(`${text}\n`, false)).toContain('<a href="https://example.com/docs"');
    expect(render(text, true)).toContain('<a href="https://example.com/docs"');
  });
});
