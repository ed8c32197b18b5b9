const quote = 0x22;
const backslash = 0x5c;
const openers = new Set([0x5b, 0x7b]); // [ {
const closers = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text nests arrays and objects more than `maxDepth` deep, found by counting
 * brackets outside strings, before anything parses it: whatever walks a parsed value
 * recursively (zod, JSON.stringify, a logger) overflows the stack on a deep enough one, and
 * that is a client's doing, not a server fault. Exact for valid JSON; on invalid JSON the count
 * can only come out lower where the parser stops first anyway (a stray closer).
 *
 * @example nestsDeeperThan('[[1]]', 1) // true
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === backslash) i++;
      else if (code === quote) inString = false;
    } else if (code === quote) inString = true;
    else if (openers.has(code)) {
      if (++depth > maxDepth) return true;
    } else if (closers.has(code)) depth--;
  }
  return false;
}
