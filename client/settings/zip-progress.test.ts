import { expect, test } from 'vitest';
import { countZipEntries } from './zip-progress.ts';

/** A stored (uncompressed) zip entry: a local header with its sizes, the name, the data. */
function storedEntry(name: string, text: string): Uint8Array {
  const encoder = new TextEncoder();
  const fileName = encoder.encode(name);
  const data = encoder.encode(text);
  const header = new DataView(new ArrayBuffer(30));
  header.setUint32(0, 0x04034b50, true);
  header.setUint32(18, data.length, true);
  header.setUint32(22, data.length, true);
  header.setUint16(26, fileName.length, true);
  return concat([new Uint8Array(header.buffer), fileName, data]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

test('each entry of an arriving zip is named as its header goes by, however the bytes are cut', () => {
  const names = ['account.json', 'conversations/Grüße (c1).json', 'conversations/Grüße (c1).md'];
  // The central directory follows the entries: counting stops at its first signature.
  const directory = new Uint8Array([0x50, 0x4b, 0x01, 0x02, ...new Array(60).fill(0)]);
  const archive = concat([
    ...names.map((name, i) => storedEntry(name, `entry ${i}\n`.repeat(50 * (i + 1)))),
    directory,
  ]);

  for (const cut of [1, 7, 31, 100, archive.length]) {
    const seen: string[] = [];
    const count = countZipEntries((name) => seen.push(name));
    for (let at = 0; at < archive.length; at += cut) count(archive.subarray(at, at + cut));
    expect(seen, `cut every ${cut} bytes`).toEqual(names);
  }
});
