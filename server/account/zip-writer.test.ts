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
