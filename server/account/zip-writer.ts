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
/** Bit 3: the CRC and sizes follow the data (a data descriptor), as a streamed entry's must. */
const sizesAfterData = 0x0008;
const dataDescriptorSignature = 0x08074b50;
const stored = 0;
const deflated = 8;
/** Without Zip64, counts and offsets are 16 and 32 bits. */
const maxEntries = 0xffff;
const maxOffset = 0xffffffff;

/**
 * A zip archive written one entry at a time: `add` returns the bytes of that entry (to send
 * now), `finish` the central directory that closes the archive. Only the directory's few bytes
 * per entry are kept until the end, so an archive of any length streams in little memory.
 * `add` deflates an entry whole (a conversation's text), or stores it when that is no smaller;
 * `addStream` stores bytes as they are read (an attachment: already compressed, and never held
 * whole). No Zip64: an archive past 65,535 entries or 4 GiB is refused, and `fits` says
 * beforehand whether an entry of a given size still fits.
 *
 * @example
 * const zip = createZipWriter();
 * send(await zip.add('hello.txt', 'Hello'));
 * send(zip.finish());
 */
export function createZipWriter() {
  const directory: Buffer[] = [];
  let entries = 0;
  let offset = 0;

  /**
   * Starts an entry at the current offset: its local header (to send) and its central header
   * (kept for the directory; `close` fills in what was learnt from the bytes).
   */
  const open = (name: string, fields: SharedFields) => {
    if (entries === maxEntries) throw new Error('A zip without Zip64 holds no more entries.');
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(localHeaderSignature, 0);
    local.writeUInt16LE(versionNeeded, 4);
    writeShared(local, 6, fields, fileName.length);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(centralHeaderSignature, 0);
    central.writeUInt16LE(versionNeeded, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(versionNeeded, 6);
    writeShared(central, 8, fields, fileName.length);
    // Comment length, disk, internal and external attributes: all zero.
    central.writeUInt32LE(offset, 42);
    entries += 1;
    directory.push(central, fileName);
    return { local: Buffer.concat([local, fileName]), central, nameLength: fileName.length };
  };
  /** Counts `bytes` more of the archive sent; past 4 GiB there is no offset to record. */
  const advance = (bytes: number) => {
    offset += bytes;
    if (offset > maxOffset) throw new Error('A zip without Zip64 holds no more than 4 GiB.');
  };

  return {
    async add(name: string, content: string | Uint8Array, modified = new Date()): Promise<Buffer> {
      const data =
        typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      const packed = await deflate(data);
      const method = packed.length < data.length ? deflated : stored;
      const body = method === deflated ? packed : data;
      const [time, date] = dosDateTime(modified);
      const { local } = open(name, {
        flags: utf8Names,
        method,
        time,
        date,
        crc: crc32(data),
        size: data.length,
        packed: body.length,
      });
      advance(local.length + body.length);
      return Buffer.concat([local, body]);
    },

    /**
     * An entry whose bytes are read from `chunks` as the archive is sent, stored as they are
     * (attachments are compressed already, and never held whole): its local header, the
     * bytes, then a data descriptor with their CRC and size.
     */
    async *addStream(
      name: string,
      chunks: AsyncIterable<Uint8Array>,
      modified = new Date(),
    ): AsyncGenerator<Buffer> {
      const [time, date] = dosDateTime(modified);
      const fields = { flags: utf8Names | sizesAfterData, method: stored, time, date };
      const { local, central, nameLength } = open(name, { ...fields, crc: 0, size: 0, packed: 0 });
      advance(local.length);
      yield local;
      let crc = 0;
      let size = 0;
      for await (const chunk of chunks) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        advance(chunk.length);
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
      writeShared(central, 8, { ...fields, crc, size, packed: size }, nameLength);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(dataDescriptorSignature, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(size, 8);
      descriptor.writeUInt32LE(size, 12);
      advance(descriptor.length);
      yield descriptor;
    },

    /** Whether a stored entry of `bytes` still fits in an archive without Zip64. */
    fits(name: string, bytes: number): boolean {
      const entry = 30 + Buffer.byteLength(name, 'utf8') + bytes + 16;
      return entries < maxEntries && offset + entry <= maxOffset;
    },

    /** The central directory and its end record: the archive's last bytes. */
    finish(): Buffer {
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
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  packed: number;
};

/** The fields a local header and a central header share, in the same order, from `at`. */
function writeShared(into: Buffer, at: number, f: SharedFields, nameLength: number): void {
  into.writeUInt16LE(f.flags, at);
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
