import { describe, expect, test } from 'vitest';
import { documentDetails, downloadName, fileSize, imageAlt } from './attachment-labels.ts';

describe('attachment labels', () => {
  test('an image is described by its file name, a generated one as Generated image', () => {
    expect(imageAlt({ name: 'beach.png', source: 'upload' })).toBe('beach.png');
    expect(imageAlt({ name: 'image-1.png', source: 'generated' })).toBe('Generated image');
  });

  test('sizes read as bytes, kilobytes or megabytes', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(14 * 1024 + 100)).toBe('14 KB');
    expect(fileSize(2.4 * 1024 * 1024)).toBe('2.4 MB');
    expect(fileSize(48 * 1024 * 1024)).toBe('48 MB');
  });

  test('a PDF shows its pages and size, or its size alone when its pages are uncounted', () => {
    expect(documentDetails({ pageCount: 12, size: 2048 })).toBe('12 pages · 2 KB');
    expect(documentDetails({ pageCount: 1, size: 2048 })).toBe('1 page · 2 KB');
    expect(documentDetails({ pageCount: null, size: 2048 })).toBe('2 KB');
  });

  test('a download keeps a file name with an extension, and gains one without', () => {
    expect(downloadName({ name: 'cat.png', mediaType: 'image/png' })).toBe('cat.png');
    expect(downloadName({ name: 'Generated image', mediaType: 'image/jpeg' })).toBe(
      'Generated image.jpg',
    );
  });
});
