const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits Markdown into its top-level blocks (runs of lines between blank lines), keeping a
 * fenced code block whole, blank lines and all. While an answer streams only the last block
 * grows, so every earlier block can keep its rendering instead of being parsed again on each
 * token. An unclosed fence runs to the end, as CommonMark reads it.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    if (fence !== null) {
      current.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    const opening = fenceOpen.exec(line);
    if (opening) {
      flush();
      fence = opening[1] ?? null;
      current.push(line);
      continue;
    }
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return blocks;
}

function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence.charAt(0);
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
