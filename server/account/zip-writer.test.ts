import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readZip } from '../testing/read-zip.ts';
import { createZipWriter } from './zip-writer.ts';

const unzip = '/usr/bin/unzip';

async function archiveOf(files: [string, string | Uint8Array][]): Promise<Buffer> {
  const zip = createZipWriter();
  const parts: Buffer[] = [];
  for (const [name, content] of files) parts.push(await zip.add(name, content));
  parts.push(zip.finish());
  return Buffer.concat(parts);
}

test('an archive written entry by entry reads back whole, names in any script included', async () => {
  const noise = randomBytes(4096);
  const archive = await archiveOf([
    ['account.json', '{"name":"Zoë"}\n'],
    ['conversations/2026-12-04 Grüße, 你好 (c1).md', '# Grüße\n\n'.repeat(200)],
    ['noise.bin', noise],
    ['empty.txt', ''],
  ]);
  const files = readZip(archive);
  expect(files.map((f) => f.name)).toEqual([
    'account.json',
    'conversations/2026-12-04 Grüße, 你好 (c1).md',
    'noise.bin',
    'empty.txt',
  ]);
  expect(files[1]?.text).toBe('# Grüße\n\n'.repeat(200));
  expect(files[3]?.text).toBe('');
  // Repetitive text is deflated; noise that does not shrink is stored as it is.
  expect(archive.length).toBeLessThan(noise.length + 1500);
});

test('the standard unzip tool tests the archive clean', async () => {
  // Where the machine has no unzip, the first test's reader is the check.
  if (!existsSync(unzip)) return;
  const dir = mkdtempSync(join(tmpdir(), 'parley-zip-'));
  try {
    const path = join(dir, 'export.zip');
    writeFileSync(
      path,
      await archiveOf([
        ['a.json', '{}'],
        ['b/c.md', 'Hello\n'.repeat(1000)],
      ]),
    );
    const tested = execFileSync(unzip, ['-t', path], { encoding: 'utf8' });
    expect(tested).toContain('No errors detected');
    const listed = execFileSync(unzip, ['-l', path], { encoding: 'utf8' });
    expect(listed).toContain('b/c.md');
    expect(listed).toContain('6000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a streamed entry is written as its bytes are read, and reads back whole beside the others', async () => {
  const picture = randomBytes(300_000);
  const zip = createZipWriter();
  const parts: Buffer[] = [await zip.add('a.md', '# A\n')];
  const chunks = async function* () {
    for (let at = 0; at < picture.length; at += 65_536) yield picture.subarray(at, at + 65_536);
  };
  let sentBeforeTheEnd = 0;
  for await (const part of zip.addStream('files/Zoë’s picture.png', chunks())) {
    parts.push(part);
    sentBeforeTheEnd += 1;
  }
  parts.push(await zip.add('b.md', '# B\n'), zip.finish());
  // A header, one part per chunk read, then the descriptor: nothing waited for the whole.
  expect(sentBeforeTheEnd).toBe(1 + Math.ceil(picture.length / 65_536) + 1);
  const files = readZip(Buffer.concat(parts));
  expect(files.map((f) => f.name)).toEqual(['a.md', 'files/Zoë’s picture.png', 'b.md']);
  expect(files[1]?.bytes.equals(picture)).toBe(true);
  expect(files[2]?.text).toBe('# B\n');
  if (!existsSync(unzip)) return;
  const dir = mkdtempSync(join(tmpdir(), 'parley-zip-'));
  try {
    const path = join(dir, 'export.zip');
    writeFileSync(path, Buffer.concat(parts));
    expect(execFileSync(unzip, ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an entry that would take the archive past 4 GiB is known not to fit before it is read', () => {
  const zip = createZipWriter();
  expect(zip.fits('big.pdf', 50 * 1024 * 1024)).toBe(true);
  expect(zip.fits('huge.pdf', 0xffffffff)).toBe(false);
});
