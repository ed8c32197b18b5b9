import { describe, expect, test } from 'vitest';
import { limits } from './limits.ts';
import { refusalOf, sniffBytes, sniffMediaType } from './media-type.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...new TextEncoder().encode(part)] : part,
    ),
  );

describe('what a file is, by its first bytes', () => {
  test.each([
    ['a PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'image/png'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['a GIF (87a)', bytes('GIF87a'), 'image/gif'],
    ['a GIF (89a)', bytes('GIF89a'), 'image/gif'],
    ['a WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBP'), 'image/webp'],
    ['a PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
  ])('%s is recognised', (_, head, mediaType) => {
    expect(sniffMediaType(head)).toBe(mediaType);
  });

  test.each([
    ['an HTML page', bytes('<!doctype html><script>')],
    ['an SVG image', bytes('<svg xmlns="http://www')],
    ['a WAV sound (RIFF, but no WebP)', bytes('RIFF', [1, 2, 3, 4], 'WAVE')],
    ['a PDF behind leading bytes', bytes('  %PDF-1.7')],
    ['a file cut shorter than a signature', bytes([0x89], 'PN')],
    ['an empty file', bytes()],
  ])('%s is none of the accepted kinds', (_, head) => {
    expect(sniffMediaType(head)).toBeUndefined();
  });

  test('no signature needs more bytes than a device reads', () => {
    expect(sniffMediaType(bytes('RIFF', [1, 2, 3, 4], 'WEBP').subarray(0, sniffBytes))).toBe(
      'image/webp',
    );
  });
});

describe('whether a file may be attached', () => {
  test('an image or PDF within its limit may', () => {
    expect(refusalOf('a.png', 'image/png', limits.imageBytes)).toBeUndefined();
    expect(refusalOf('a.pdf', 'application/pdf', limits.pdfBytes)).toBeUndefined();
  });

  test('a file of no accepted kind is refused, by name, saying what is accepted', () => {
    expect(refusalOf('page.png', undefined, 10)).toBe(
      'page.png cannot be attached. Attach PNG, JPEG, WebP or GIF images, or PDF documents.',
    );
  });

  test('each kind has its own size limit: a PDF may be larger than an image', () => {
    const between = limits.imageBytes + 1;
    expect(refusalOf('big.jpg', 'image/jpeg', between)).toBe(
      'big.jpg is too large: an image can be at most 20 MB.',
    );
    expect(refusalOf('big.pdf', 'application/pdf', between)).toBeUndefined();
    expect(refusalOf('huge.pdf', 'application/pdf', limits.pdfBytes + 1)).toBe(
      'huge.pdf is too large: a PDF can be at most 50 MB.',
    );
  });

  test('a name that says PDF for an image, or image for a PDF, is refused; one image for another is not', () => {
    expect(refusalOf('report.pdf', 'image/png', 10)).toBe(
      'report.pdf is named as a PDF but holds an image. Rename it or pick the PDF you meant.',
    );
    expect(refusalOf('Scan.PNG', 'application/pdf', 10)).toBe(
      'Scan.PNG is named as an image but holds a PDF. Rename it or pick the image you meant.',
    );
    expect(refusalOf('photo.jpg', 'image/png', 10)).toBeUndefined();
    expect(refusalOf('pasted image', 'image/png', 10)).toBeUndefined();
    expect(refusalOf('notes.txt.pdf', 'application/pdf', 10)).toBeUndefined();
  });
});
