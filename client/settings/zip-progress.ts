const localHeaderSignature = 0x04034b50;
const localHeaderBytes = 30;

/**
 * Follows a zip archive as it arrives, chunk by chunk, and calls `onEntry` with each entry's
 * name as its local header goes by. It relies on the sizes being in each local header (as the
 * server's writer puts them), and stops at the central directory.
 */
export function countZipEntries(onEntry: (name: string) => void): (chunk: Uint8Array) => void {
  let skip = 0;
  const header = new Uint8Array(localHeaderBytes + 0xffff * 2);
  const view = new DataView(header.buffer);
  let have = 0;
  let finished = false;
  const decoder = new TextDecoder();
  return (chunk) => {
    let at = 0;
    while (at < chunk.length && !finished) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - at);
        skip -= n;
        at += n;
        continue;
      }
      // The fixed part first; once it is in, the name and extra field it announces.
      const need =
        have < localHeaderBytes
          ? localHeaderBytes
          : localHeaderBytes + view.getUint16(26, true) + view.getUint16(28, true);
      const n = Math.min(need - have, chunk.length - at);
      header.set(chunk.subarray(at, at + n), have);
      have += n;
      at += n;
      if (have < localHeaderBytes) continue;
      if (view.getUint32(0, true) !== localHeaderSignature) {
        finished = true;
        continue;
      }
      const nameLength = view.getUint16(26, true);
      if (have < localHeaderBytes + nameLength + view.getUint16(28, true)) continue;
      onEntry(decoder.decode(header.subarray(localHeaderBytes, localHeaderBytes + nameLength)));
      skip = view.getUint32(18, true);
      have = 0;
    }
  };
}
