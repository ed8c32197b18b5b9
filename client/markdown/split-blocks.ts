const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;

/** Whether a block is a fenced code block (closed or, at an answer's end, not yet). */
export function isFencedCode(block: string): boolean {
  return fenceOpen.test(block);
}

/**
 * Splits Markdown into its top-level blocks (runs of lines between blank lines), keeping a
 * fenced code block whole, blank lines and all, and an indented block with the one before it
 * (the rest of a list item or a footnote: a second paragraph, a code block in a numbered
 * step). While an answer streams only the last block grows, so every earlier block can keep
 * its rendering instead of being parsed again on each token. An unclosed fence runs to the
 * end, as CommonMark reads it.
 */
export function splitBlocks(text: string): string[] {
  return splitFrom(text).blocks;
}

/** Blocks, and where the last one starts in `text` (its length when there are none). */
type Split = { blocks: string[]; lastStart: number };

function splitFrom(text: string, offset = 0): Split {
  const blocks: string[] = [];
  let current: string[] = [];
  let currentStart = offset;
  let lastStart = offset + text.length;
  let fence: string | null = null;
  const flush = () => {
    if (current.length > 0) {
      const block = current.join('\n');
      const previous = blocks.at(-1);
      if (previous !== undefined && continuesBlock(block, previous)) {
        // The blank lines between are the block's too.
        blocks[blocks.length - 1] = text.slice(lastStart - offset, currentStart - offset) + block;
      } else {
        blocks.push(block);
        lastStart = currentStart;
      }
    }
    current = [];
  };
  let at = offset;
  for (const line of text.split('\n')) {
    const lineStart = at;
    at += line.length + 1;
    if (current.length === 0) currentStart = lineStart;
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
      currentStart = lineStart;
      fence = opening[1] ?? null;
      current.push(line);
      continue;
    }
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return { blocks, lastStart };
}

/**
 * A splitter for one growing text: when the text only grew, the blocks before the last are
 * kept and only the text from the last block on is split again, so each token costs the
 * size of the last block, not of the whole answer.
 */
export function blockSplitter(): (text: string) => string[] {
  let previous: (Split & { text: string }) | null = null;
  return (text) => {
    if (previous && text.startsWith(previous.text)) {
      // A block starts outside any code fence, so splitting can resume there.
      const tail = splitFrom(text.slice(previous.lastStart), previous.lastStart);
      const settled = previous.blocks.slice(0, -1);
      const lastStart = tail.blocks.length > 0 ? tail.lastStart : previous.lastStart;
      previous = { text, blocks: [...settled, ...tail.blocks], lastStart };
    } else {
      previous = { text, ...splitFrom(text) };
    }
    return previous.blocks;
  };
}

/**
 * Whether `block` (indented) may be part of `previous`: on its own it would lose the list item
 * or footnote it belongs to. Nothing continues a fenced code block; after anything else, the
 * two parsed together read as they would parsed apart.
 */
function continuesBlock(block: string, previous: string): boolean {
  return (block.startsWith(' ') || block.startsWith('\t')) && !isFencedCode(previous);
}

function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence.charAt(0);
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
