import { describe, expect, test } from 'vitest';
import type { MessageSource } from '../../shared/entities.ts';
import { citedSources } from './cited-sources.ts';
import { sourceMarkerTitle, withSourceMarkers } from './source-markers.ts';

const a = 'https://a.example/';
const b = 'https://b.example/page';
const marker = (n: number, url: string) => `[${n}](<${url}> "${sourceMarkerTitle}")`;
const cite = (url: string, start?: number, end?: number): MessageSource => ({
  url,
  title: '',
  ...(start === undefined ? {} : { start }),
  ...(end === undefined ? {} : { end }),
});

describe('source markers in an answer', () => {
  test('a marker follows each cited span, numbered by first citation', () => {
    const text = 'Lisbon is sunny. Porto is rainy.';
    expect(withSourceMarkers(text, [cite(a, 0, 16), cite(b, 17, 32), cite(a, 17, 32)])).toBe(
      `Lisbon is sunny.${marker(1, a)} Porto is rainy.${marker(1, a)}${marker(2, b)}`,
    );
  });

  test('trailing space in a span puts the marker after its last word', () => {
    expect(withSourceMarkers('Sunny today. Yes.', [cite(a, 0, 13)])).toBe(
      `Sunny today.${marker(1, a)} Yes.`,
    );
  });

  test('positions that do not fit the text leave it as it is', () => {
    const text = 'Short answer.';
    for (const source of [cite(a, 0, 99), cite(a, 5, 5), cite(a, 8, 3), cite(a)]) {
      expect(withSourceMarkers(text, [source])).toBe(text);
    }
  });

  test('no marker goes inside a word, code, a link or an address', () => {
    const unchanged = [
      ['Lisbonese', 0, 6],
      ['Run `npm test` now', 0, 9],
      ['```\ncode line\n```', 4, 13],
      ['See [the guide](https://x.example/a) here', 0, 14],
      ['See [the guide](https://x.example/a) here', 0, 35],
      ['Visit https://x.example/a today', 0, 25],
      ['    indented code', 0, 17],
      ['[ref]: https://x.example/', 0, 5],
      ['An emoji 😀 here', 0, 10],
      ['Great news! Really.', 0, 11],
      ['See [note] here', 0, 10],
      ['A \\ here', 0, 3],
    ] as const;
    for (const [text, start, end] of unchanged) {
      expect(withSourceMarkers(text, [cite(a, start, end)])).toBe(text);
    }
  });

  test('a span that links the page already gets no marker', () => {
    const text = `As [a.example](${a}) says.`;
    expect(withSourceMarkers(text, [cite(a, 0, text.length - 6)])).toBe(text);
  });

  test('sources are listed once per page, keeping the first title given, http(s) only', () => {
    expect(
      citedSources([
        { url: a, title: '' },
        { url: b, title: 'Bee' },
        { url: a, title: 'Aye' },
        { url: 'javascript:alert(1)', title: 'Bad' },
      ]),
    ).toEqual([
      { number: 1, url: a, title: 'Aye', host: 'a.example' },
      { number: 2, url: b, title: 'Bee', host: 'b.example' },
    ]);
  });
});
