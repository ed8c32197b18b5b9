import { crc32, inflateRawSync } from 'node:zlib';

export type ZipFile = { name: string; text: string; bytes: Buffer };

/**
 * Reads a whole zip archive as a standard tool does: from the end-of-central-directory record,
 * through the central directory, to each local header and its data, inflated and checked
 * against its CRC. Throws on anything out of place, so a test can trust what it returns.
 */
export function readZip(archive: Uint8Array): ZipFile[] {
  const zip = Buffer.from(archive);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end !== zip.length - 22) throw new Error('no end of central directory record');
  const entries = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  if (at + directorySize !== end) throw new Error('central directory does not end at its record');
  const files: ZipFile[] = [];
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i}: no central header`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + skip;

    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: no local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + packed);
    // Bit 3: the CRC and sizes follow the data in a descriptor, which must agree.
    const checked = flags & 0x0008 ? start + packed + 4 : local + 14;
    if (flags & 0x0008 && zip.readUInt32LE(start + packed) !== 0x08074b50)
      throw new Error(`${name}: no data descriptor`);
    if (zip.readUInt32LE(checked) !== crc) throw new Error(`${name}: headers disagree`);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? body : undefined;
    if (!data) throw new Error(`${name}: unknown method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: damaged`);
    files.push({ name, text: data.toString('utf8'), bytes: Buffer.from(data) });
  }
  return files;
}
