import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);

// Signatures and fields from PKWARE's APPNOTE.TXT (4.3.7, 4.3.12, 4.3.16).
const localHeaderSignature = 0x04034b50;
const centralHeaderSignature = 0x02014b50;
const endOfCentralDirectorySignature = 0x06054b50;
/** 2.0: deflate. */
const versionNeeded = 20;
/** Bit 11: names are UTF-8. */
const utf8Names = 0x0800;
const stored = 0;
const deflated = 8;
/** Without Zip64, counts and offsets are 16 and 32 bits. */
const maxEntries = 0xffff;
const maxOffset = 0xffffffff;

/**
 * A zip archive written one entry at a time: `add` returns the bytes of that entry (to send
 * now), `finish` the central directory that closes the archive. Only the directory's few bytes
 * per entry are kept until the end, so an archive of any length streams in little memory.
 * Each entry is deflated whole (entries here are one conversation each), or stored when that
 * is no smaller. No Zip64: an archive past 65,535 entries or 4 GiB is refused.
 *
 * @example
 * const zip = createZipWriter();
 * send(await zip.add('hello.txt', 'Hello'));
 * send(zip.finish());
 */
export function createZipWriter() {
  const directory: Buffer[] = [];
  let offset = 0;

  return {
    async add(name: string, content: string | Uint8Array, modified = new Date()): Promise<Buffer> {
      if (directory.length === maxEntries)
        throw new Error('A zip without Zip64 holds no more entries.');
      const data =
        typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      const packed = await deflate(data);
      const method = packed.length < data.length ? deflated : stored;
      const body = method === deflated ? packed : data;
      const fileName = Buffer.from(name, 'utf8');
      const [time, date] = dosDateTime(modified);
      const fields = {
        method,
        time,
        date,
        crc: crc32(data),
        size: data.length,
        packed: body.length,
      };

      const header = Buffer.alloc(30);
      header.writeUInt32LE(localHeaderSignature, 0);
      header.writeUInt16LE(versionNeeded, 4);
      writeShared(header, 6, fields, fileName.length);

      const central = Buffer.alloc(46);
      central.writeUInt32LE(centralHeaderSignature, 0);
      central.writeUInt16LE(versionNeeded, 4); // made by: 2.0, MS-DOS attributes
      central.writeUInt16LE(versionNeeded, 6);
      writeShared(central, 8, fields, fileName.length);
      // Comment length, disk, internal and external attributes: all zero.
      central.writeUInt32LE(offset, 42);
      directory.push(central, fileName);

      const entry = Buffer.concat([header, fileName, body]);
      offset += entry.length;
      if (offset > maxOffset) throw new Error('A zip without Zip64 holds no more than 4 GiB.');
      return entry;
    },

    /** The central directory and its end record: the archive's last bytes. */
    finish(): Buffer {
      const entries = directory.length / 2;
      const listing = Buffer.concat(directory);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(endOfCentralDirectorySignature, 0);
      end.writeUInt16LE(entries, 8);
      end.writeUInt16LE(entries, 10);
      end.writeUInt32LE(listing.length, 12);
      end.writeUInt32LE(offset, 16);
      return Buffer.concat([listing, end]);
    },
  };
}

type SharedFields = {
  method: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  packed: number;
};

/** The fields a local header and a central header share, in the same order, from `at`. */
function writeShared(into: Buffer, at: number, f: SharedFields, nameLength: number): void {
  into.writeUInt16LE(utf8Names, at);
  into.writeUInt16LE(f.method, at + 2);
  into.writeUInt16LE(f.time, at + 4);
  into.writeUInt16LE(f.date, at + 6);
  into.writeUInt32LE(f.crc, at + 8);
  into.writeUInt32LE(f.packed, at + 12);
  into.writeUInt32LE(f.size, at + 16);
  into.writeUInt16LE(nameLength, at + 20);
  // Extra field length: zero.
}

/** MS-DOS time and date (UTC), as zip records them: two-second steps, years from 1980. */
function dosDateTime(when: Date): [number, number] {
  const year = Math.max(1980, when.getUTCFullYear());
  const time =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  return [time, date];
}
