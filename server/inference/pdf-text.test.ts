import { describe, expect, test } from 'vitest';
import { pdfBytes, textPdfBytes } from '../testing/attachment-files.ts';
import { extractPdfText } from './pdf-text.ts';

describe('reading a PDF’s text', () => {
  test('every page’s lines come out in order, pages apart', async () => {
    const read = await extractPdfText(textPdfBytes([['Hello (world)', 'line two'], ['Page two']]));
    expect(read).toEqual({ text: 'Hello (world)\nline two\n\nPage two', cut: false });
  });

  test('pages past the limit are not read, and the text says it was cut', async () => {
    const pdf = textPdfBytes([['one'], ['two'], ['three']]);
    const read = await extractPdfText(pdf, { pages: 2, chars: 1_000, timeMs: 10_000 });
    expect(read).toEqual({ text: 'one\n\ntwo', cut: true });
  });

  test('text past the character limit is cut off', async () => {
    const pdf = textPdfBytes([['a'.repeat(50)], ['b'.repeat(50)]]);
    const read = await extractPdfText(pdf, { pages: 10, chars: 60, timeMs: 10_000 });
    expect(read.cut).toBe(true);
    expect(read.text).toHaveLength(60);
  });

  test('a PDF with no text, or none that parses, reads as empty', async () => {
    expect(await extractPdfText(pdfBytes(2))).toEqual({ text: '', cut: false });
    expect((await extractPdfText(Buffer.from('%PDF-1.4 not really'))).text).toBe('');
  });
});
