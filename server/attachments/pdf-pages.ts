/**
 * Counts a PDF's pages as its bytes stream past, without holding them: every page is an object
 * of `/Type /Page` (its tree's nodes are `/Pages`). Cheap, and right for the PDFs most tools
 * write; pages inside compressed object streams (PDF 1.5+) are not seen, so a count of 0 is
 * reported as unknown (null) rather than as a number that is wrong.
 */
export function pdfPageCounter() {
  // `[^A-Za-z]` consumes the byte after `Page`, so a match at the very end of the text seen so
  // far (that may yet turn out to be `/Pages`) is not counted until that byte has arrived.
  const pageObject = /\/Type\s{0,8}\/Page[^A-Za-z]/g;
  // Longer than any match, so one split across two chunks is whole in the next round.
  const carryChars = 32;
  const decoder = new TextDecoder('latin1');
  let carry = '';
  let pages = 0;
  return {
    add(chunk: Uint8Array) {
      const text = carry + decoder.decode(chunk, { stream: true });
      for (const match of text.matchAll(pageObject)) {
        // One wholly inside the carry was counted in the round it was last in.
        if (match.index + match[0].length > carry.length) pages++;
      }
      carry = text.slice(-carryChars);
    },
    /** The pages counted, or null when none was found. */
    get count(): number | null {
      return pages > 0 ? pages : null;
    },
  };
}
