/** What a long message of the person's shows until they ask for all of it. */
const previewLines = 24;
const previewChars = 1_500;
/** Less than this hidden is not worth a "Show more": the whole message is shown. */
const leastHiddenChars = 500;

/**
 * The start of a long message (a pasted document, a log), cut at a line or a word, or null when
 * the message is short enough to show whole. A long paste pushed the answer off the
 * screen, and laying its text out was much of the work of opening the conversation (decision 034).
 */
export function messagePreview(text: string): string | null {
  let end = Math.min(text.length, previewChars);
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) {
    lines += 1;
    if (lines === previewLines) end = at;
  }
  if (text.length - end < leastHiddenChars) return null;
  // At a word or a line, unless there is neither near the cut (a long URL, a hash).
  const space = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end));
  if (space > end - 80) end = space;
  return text.slice(0, end).trimEnd();
}
