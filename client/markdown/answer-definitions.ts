import {
  type BlockDefinitions,
  definitionsIn,
  type FootnoteDefinition,
  labelIdentifier,
  labelsIn,
} from './definitions.ts';
import { isFencedCode } from './split-blocks.ts';

/** A footnote called in the answer: its number (by first call) and its note. */
export type Footnote = FootnoteDefinition & {
  identifier: string;
  number: number;
  /** The block of its first call, and the block its definition is in. */
  firstBlock: number;
  definedIn: number;
};

/**
 * An answer ready to render block by block: each block's Markdown with the definitions it
 * uses attached, and the footnotes it calls in order, with their notes' Markdown likewise.
 */
export type AnswerBlocks = { sources: readonly string[]; footnotes: readonly Footnote[] };

type Known = { block: string; definitions: BlockDefinitions; labels: string[] };

/**
 * Hands each block of one growing answer the link and footnote definitions it uses, wherever
 * in the answer they are: each block is parsed on its own, and a definition in another block
 * would never reach it. Blocks are looked at once each (the unchanged ones are kept by
 * position, as the splitter keeps them), and not at all while the answer holds no `]:`, which
 * every definition has. A block whose definitions did not change gets the same source, so its
 * rendering is kept.
 */
export function definitionsAttacher(): (text: string, blocks: readonly string[]) => AnswerBlocks {
  let known: Known[] = [];
  return (text, blocks) => {
    if (!text.includes(']:')) {
      known = [];
      return { sources: blocks, footnotes: [] };
    }
    known = blocks.map((block, position) => {
      const before = known[position];
      if (before?.block === block) return before;
      return { block, definitions: definitionsIn(block), labels: usedLabels(block) };
    });
    const links = new Map<string, string>();
    const notes = new Map<string, FootnoteDefinition & { definedIn: number }>();
    known.forEach(({ definitions }, position) => {
      // The first definition of a label wins, as in one document.
      for (const [id, source] of definitions.links) if (!links.has(id)) links.set(id, source);
      for (const [id, note] of definitions.footnotes) {
        if (!notes.has(id)) notes.set(id, { ...note, definedIn: position });
      }
    });
    if (links.size === 0 && notes.size === 0) return { sources: blocks, footnotes: [] };

    const footnotes = new Map<string, Footnote>();
    known.forEach(({ labels }, position) => {
      for (const label of labels) {
        if (!label.startsWith('^')) continue;
        const identifier = labelIdentifier(label.slice(1));
        const note = notes.get(identifier);
        if (!note || footnotes.has(identifier)) continue;
        const number = footnotes.size + 1;
        footnotes.set(identifier, { ...note, identifier, number, firstBlock: position });
      }
    });
    const sources = known.map(({ block, labels }) => attach(block, labels, links, notes));
    // A note gets its links too; a footnote called only from another note is not numbered.
    const called = [...footnotes.values()].map((footnote) => ({
      ...footnote,
      note: attach(footnote.note, usedLabels(footnote.note), links, new Map()),
    }));
    return { sources, footnotes: called };
  };
}

/**
 * The labels a block may use. A code block uses none (and appending to an unclosed one would
 * put text into its code); a label followed by `:` is a definition's own.
 */
function usedLabels(block: string): string[] {
  if (isFencedCode(block)) return [];
  return labelsIn(block);
}

/**
 * `block` with the definitions of its labels: link definitions before it (where they win over
 * a later one in the block, as the answer's first one does), and a bare definition for each
 * footnote it calls after it (a footnote definition holds what follows it when indented, so
 * before an indented block it would swallow it). The calls need only know the note is there:
 * its text is shown in the answer's notes, so a note still arriving changes no block.
 */
function attach(
  block: string,
  labels: readonly string[],
  links: ReadonlyMap<string, string>,
  notes: ReadonlyMap<string, unknown>,
): string {
  if (labels.length === 0) return block;
  const before = new Set<string>();
  const after = new Set<string>();
  for (const label of labels) {
    if (label.startsWith('^')) {
      if (notes.has(labelIdentifier(label.slice(1)))) after.add(`[${label}]:`);
    } else {
      const source = links.get(labelIdentifier(label));
      if (source !== undefined) before.add(source);
    }
  }
  if (before.size === 0 && after.size === 0) return block;
  return [...before, block, ...after].join('\n\n');
}
