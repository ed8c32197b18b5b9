import { expect, test } from 'vitest';
import { limits } from '../../shared/limits.ts';
import { generatedImageBytes } from './generated-image-bytes.ts';

const base64 = (text: string) => ({
  declaredType: 'image/png',
  data: { kind: 'base64' as const, base64: text },
});

test('base64 decodes to its bytes', () => {
  expect(generatedImageBytes(base64(Buffer.from('picture').toString('base64')))).toEqual(
    Buffer.from('picture'),
  );
});

test('anything but base64 is refused rather than decoded around', () => {
  for (const text of ['abc', 'ab!d', 'https://example.com/cat.png'])
    expect(generatedImageBytes(base64(text))).toEqual({ refused: expect.stringContaining('read') });
});

test('a link is never followed, and an image past the limit is refused before decoding', () => {
  expect(generatedImageBytes({ declaredType: 'image/png', data: { kind: 'url' } })).toEqual({
    refused: expect.stringContaining('link'),
  });
  const tooLong = 'A'.repeat(Math.ceil(((limits.imageBytes + 1) * 4) / 3) + 4);
  expect(generatedImageBytes(base64(tooLong))).toEqual({
    refused: expect.stringContaining('larger than 20 MB'),
  });
  expect(
    generatedImageBytes({
      declaredType: 'image/png',
      data: { kind: 'bytes', bytes: new Uint8Array(limits.imageBytes + 1) },
    }),
  ).toEqual({ refused: expect.stringContaining('larger than 20 MB') });
});
