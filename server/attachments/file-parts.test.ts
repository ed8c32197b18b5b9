import { describe, expect, test } from 'vitest';
import { pdfBytes } from '../testing/attachment-files.ts';
import { requestedRange } from './byte-range.ts';
import { contentDisposition } from './content-disposition.ts';
import { pdfPageCounter } from './pdf-pages.ts';

describe('a PDF’s pages counted as it streams', () => {
  const count = (bytes: Uint8Array, chunkSize: number) => {
    const counter = pdfPageCounter();
    for (let at = 0; at < bytes.length; at += chunkSize) {
      counter.add(bytes.subarray(at, at + chunkSize));
    }
    return counter.count;
  };

  test('whatever sizes the chunks come in, each page is counted once and the tree’s node never', () => {
    const pdf = pdfBytes(7);
    for (const size of [1, 2, 3, 5, 7, 11, 13, 31, 32, 33, 40, 50, 64, 100, 1000, pdf.length]) {
      expect(count(pdf, size), `in chunks of ${size}`).toBe(7);
    }
  });

  test('a page’s type written without a blank, or before a line break, is a page too', () => {
    const text = '%PDF-1.4 << /Type/Page>> << /Type\r\n/Page/Parent 2 0 R >> << /Type /Pages >>';
    for (const size of [1, 9, 33, text.length]) {
      expect(count(Buffer.from(`${text}${' '.repeat(40)}`), size), `in chunks of ${size}`).toBe(2);
    }
  });

  test('a PDF whose pages are hidden in compressed streams has an unknown count, not 0', () => {
    expect(
      count(Buffer.from('%PDF-1.7\n1 0 obj << /Type /ObjStm /N 3 >> stream x endstream'), 8),
    ).toBe(null);
  });
});

describe('Content-Disposition for any name', () => {
  test.each([
    ['plain.png', 'inline; filename="plain.png"; filename*=UTF-8\'\'plain.png'],
    [
      'a "quoted"\\name.pdf',
      'inline; filename="a _quoted__name.pdf"; filename*=UTF-8\'\'a%20%22quoted%22%5Cname.pdf',
    ],
    ['résumé.pdf', 'inline; filename="r_sum_.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf'],
    [
      'x\r\nSet-Cookie: a=b',
      'inline; filename="x__Set-Cookie: a=b"; filename*=UTF-8\'\'x%0D%0ASet-Cookie%3A%20a%3Db',
    ],
    [
      "it's (1)*.png",
      "inline; filename=\"it's (1)*.png\"; filename*=UTF-8''it%27s%20%281%29%2A.png",
    ],
  ])('%j', (name, header) => {
    expect(contentDisposition('inline', name)).toBe(header);
  });
});

describe('the one range served', () => {
  test.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=90-500', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
    ['bytes=9-1', undefined],
    ['bytes=-', undefined],
    [undefined, undefined],
  ])('%s of 100 bytes', (header, range) => {
    expect(requestedRange(header, 100)).toEqual(range);
  });
});
