import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** A footnote's definition: its label as written and its note (Markdown). */
export type FootnoteDefinition = { label: string; note: string };

/**
 * The definitions one block holds, by identifier: link reference definitions as their own
 * source (`[docs]: https://… "Title"`), footnotes as their note.
 */
export type BlockDefinitions = {
  links: ReadonlyMap<string, string>;
  footnotes: ReadonlyMap<string, FootnoteDefinition>;
};

export const noDefinitions: BlockDefinitions = { links: new Map(), footnotes: new Map() };

/** The same parser react-markdown runs, so a block holds exactly the definitions it renders. */
const parser = unified().use(remarkParse).use(remarkGfm);

/**
 * The link and footnote definitions at the top level of `block`. Each block is rendered on its
 * own, so a definition reaches only its own block: these are handed to the blocks that use
 * them. Only a block with `]:` can hold one, and only such a block is parsed here.
 */
export function definitionsIn(block: string): BlockDefinitions {
  if (!block.includes(']:')) return noDefinitions;
  const links = new Map<string, string>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of parser.parse(block).children) {
    if (node.type === 'definition') {
      // The first definition of a label wins, as in one document.
      const source = sliceOf(block, node.position);
      if (source !== null && !links.has(node.identifier)) links.set(node.identifier, source);
    } else if (node.type === 'footnoteDefinition' && !footnotes.has(node.identifier)) {
      const first = node.children[0]?.position;
      const last = node.children.at(-1)?.position;
      const note =
        first && last ? (sliceOf(block, { start: first.start, end: last.end }) ?? '') : '';
      footnotes.set(node.identifier, {
        label: node.label ?? node.identifier,
        // A note's later lines are indented under its label; on its own they are not.
        note: note.replace(/\n(?: {1,4}|\t)/g, '\n'),
      });
    }
  }
  return links.size === 0 && footnotes.size === 0 ? noDefinitions : { links, footnotes };
}

type Span = { start: { offset?: number | undefined }; end: { offset?: number | undefined } };

function sliceOf(source: string, span: Span | undefined): string | null {
  const start = span?.start.offset;
  const end = span?.end.offset;
  return start === undefined || end === undefined ? null : source.slice(start, end);
}

/** What CommonMark compares labels by: case folded, runs of white space as one space. */
export function labelIdentifier(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();
}

// An escape is skipped whole, so `\[` starts nothing; a label is what lies between brackets
// with none inside (CommonMark allows no unescaped bracket in one).
const bracketed = /\\[\s\S]|\[((?:[^\\[\]]|\\[\s\S]){1,999})\]/g;

/**
 * Every label `block` could use, in order: each innermost `[…]`, so the text and the label of
 * `[text][label]`, `[label][]`, `[label]` and footnote calls `[^1]` (kept with their `^`), but not a definition's own. It
 * finds more than Markdown uses (a `[0]` in code): handing a block a definition it does not use
 * changes nothing it shows.
 */
export function labelsIn(block: string): string[] {
  if (!block.includes('[')) return [];
  const labels: string[] = [];
  for (const match of block.matchAll(bracketed)) {
    if (match[1] !== undefined && !isDefinitionLabel(block, match.index, match[0].length)) {
      labels.push(match[1]);
    }
  }
  return labels;
}

/** Whether the label at `index` starts a definition: at a line's start, followed by `:`. */
function isDefinitionLabel(block: string, index: number, length: number): boolean {
  if (block.charAt(index + length) !== ':') return false;
  const lineStart = block.lastIndexOf('\n', index - 1) + 1;
  return /^ {0,3}$/.test(block.slice(lineStart, index));
}
