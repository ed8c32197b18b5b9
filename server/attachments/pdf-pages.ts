const type = Buffer.from('/Type');
const page = Buffer.from('/Page');
/** PDF white space: what may stand between `/Type` and its value. */
const blanks = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const maxBlanks = 8;
/** More than the longest match: `/Type`, its blanks, `/Page` and the byte after. */
const boundaryBytes = 32;
const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/**
 * Counts a PDF's pages as its bytes stream past, without holding them: every page is an object
 * of `/Type /Page` (its tree's nodes are `/Pages`). Cheap (a native search for `/Type`, then a
 * look at the few bytes after it), and right for the PDFs most tools write; pages inside
 * compressed object streams (PDF 1.5+) are not seen, so a count of 0 is reported as unknown
 * (null) rather than as a number that is wrong.
 */
export function pdfPageCounter() {
  // The end of the data so far that may begin a match: a `/Type` cut short, or one whose value
  // had not all arrived yet. Never longer than a match.
  let carry: Buffer = Buffer.alloc(0);
  let pages = 0;

  /** Counts the matches starting in `bytes` before `end`; what may begin one is carried. */
  const scan = (bytes: Buffer, end: number) => {
    carry = Buffer.from(bytes.subarray(Math.max(0, bytes.length - (type.length - 1))));
    for (let at = bytes.indexOf(type); at >= 0 && at < end; at = bytes.indexOf(type, at + 1)) {
      const verdict = valueAt(bytes, at + type.length);
      if (verdict === 'cut') {
        carry = Buffer.from(bytes.subarray(at));
        return;
      }
      if (verdict === 'page') pages++;
    }
  };

  return {
    add(chunk: Uint8Array) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (carry.length === 0) return scan(bytes, bytes.length);
      if (bytes.length < boundaryBytes) return scan(Buffer.concat([carry, bytes]), Infinity);
      // Matches that begin in the carry, read on with the chunk's first bytes; then the chunk
      // itself, searched where it lies rather than copied.
      const boundary = Buffer.concat([carry, bytes.subarray(0, boundaryBytes)]);
      // Every match begun in the carry is decided within the boundary (it is no longer than
      // `boundaryBytes`), so this never cuts one short; the chunk's scan sets the new carry.
      scan(boundary, carry.length);
      scan(bytes, bytes.length);
    },
    /** The pages counted, or null when none was found. */
    get count(): number | null {
      return pages > 0 ? pages : null;
    },
  };
}

/** Whether the value after a `/Type` at `from` is `/Page` (not `/Pages`), or not all here. */
function valueAt(bytes: Buffer, from: number): 'page' | 'other' | 'cut' {
  let at = from;
  while (at < bytes.length && at - from < maxBlanks && blanks.has(bytes[at] as number)) at++;
  // The name and the byte after it, to tell `/Page` from `/Pages`.
  if (at + page.length >= bytes.length) return 'cut';
  if (!bytes.subarray(at, at + page.length).equals(page)) return 'other';
  return isLetter(bytes[at + page.length] as number) ? 'other' : 'page';
}
