import { describe, expect, test } from 'vitest';
import { limits } from '../../shared/limits.ts';
import { uploadNote } from './attachment-chips.tsx';
import { admitFiles, type CheckedFile, checkFile, formatSize } from './picked-files.ts';

const png = (name: string) =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])], name);

describe('checking a picked file', () => {
  test('its kind comes from its bytes, whatever its name and declared type say', async () => {
    const named = await checkFile(png('photo.jpg'));
    expect(named).toMatchObject({ mediaType: 'image/png' });
    expect(await checkFile(png('report.pdf'))).toMatchObject({
      refusal: expect.stringContaining('report.pdf is named as a PDF but holds an image'),
    });
    const html = new File(['<html><script>alert(1)</script>'], 'cat.png', { type: 'image/png' });
    expect(await checkFile(html)).toMatchObject({
      refusal: expect.stringContaining('cat.png cannot be attached'),
    });
  });
});

describe('admitting picked files to a message', () => {
  const ok = (name: string): CheckedFile => ({ file: png(name), mediaType: 'image/png' });

  test('refused files are left out with their reasons; the rest join', () => {
    const { admitted, refusals } = admitFiles(0, [
      ok('a.png'),
      { file: png('b.txt'), refusal: 'b.txt cannot be attached.' },
      ok('c.png'),
    ]);
    expect(admitted.map((item) => item.file.name)).toEqual(['a.png', 'c.png']);
    expect(refusals).toEqual(['b.txt cannot be attached.']);
  });

  test(`at most ${limits.attachmentsPerMessage} files go with one message: the eleventh is refused`, () => {
    const nine = limits.attachmentsPerMessage - 1;
    const { admitted, refusals } = admitFiles(nine, [ok('tenth.png'), ok('eleventh.png')]);
    expect(admitted.map((item) => item.file.name)).toEqual(['tenth.png']);
    expect(refusals).toEqual(['A message can carry at most 10 files: one was left out.']);
    expect(admitFiles(limits.attachmentsPerMessage, [ok('x.png'), ok('y.png')]).refusals).toEqual([
      'A message can carry at most 10 files: 2 were left out.',
    ]);
  });
});

describe('what a chip shows', () => {
  test('its size as a person reads it', () => {
    expect([formatSize(900), formatSize(20_480), formatSize(3 * 1024 * 1024)]).toEqual([
      '900 B',
      '20 KB',
      '3.0 MB',
    ]);
  });

  test('where its upload stands', () => {
    expect(uploadNote(undefined, false)).toBe('Waiting for a connection');
    expect(uploadNote({ phase: 'waiting', loaded: 0, total: 10 }, true)).toBe('Waiting to upload');
    expect(uploadNote({ phase: 'uploading', loaded: 45, total: 100 }, true)).toBe('Uploading 45%');
    expect(uploadNote({ phase: 'uploaded', loaded: 100, total: 100 }, true)).toBe('Uploaded');
    expect(
      uploadNote({ phase: 'failed', loaded: 0, total: 100, message: 'Over your quota.' }, true),
    ).toBe('Over your quota.');
  });
});
