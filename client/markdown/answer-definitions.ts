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

/** A label a block uses: as written, and as compared. */
type Use = { label: string; identifier: string; footnote: boolean };

/** One block, worked out once while it stays the same. */
type Known = {
  block: string;
  /** What its definitions were read from: the block, or its finished lines while it grows. */
  read: string;
  definitions: BlockDefinitions;
  uses: readonly Use[];
  /** Its source with the definitions it uses, and the answer's definitions that made it. */
  attached?: { by: string; source: string };
};

type Merged = {
  links: Map<string, string>;
  notes: Map<string, FootnoteDefinition & { definedIn: number }>;
  /** What the blocks' sources depend on: the link definitions, and which notes there are. */
  key: string;
};

/**
 * Hands each block of one growing answer the link and footnote definitions it uses, wherever
 * in the answer they are: each block is parsed on its own, and a definition in another block
 * would never reach it. Nothing is done while the answer holds no `]:`, which every definition
 * has; then each block is read once (the unchanged ones are kept by position, as the splitter
 * keeps them), and the block still growing only up to its last finished line, so a definition
 * being written is read once, when its line ends (or the answer does), not on every word. A
 * block whose definitions did not change gets the same source, so its rendering is kept.
 */
export function definitionsAttacher(): (
  text: string,
  blocks: readonly string[],
  complete: boolean,
) => AnswerBlocks {
  let known: Known[] = [];
  let merged: Merged | null = null;
  let notesWithLinks = new Map<string, string>();
  return (text, blocks, complete) => {
    if (!text.includes(']:')) {
      known = [];
      merged = null;
      return { sources: blocks, footnotes: [] };
    }
    let changed = blocks.length !== known.length || merged === null;
    const lastBreak = text.lastIndexOf('\n');
    const lastLineDone = complete || (lastBreak >= 0 && text.slice(lastBreak).trim() === '');
    known = blocks.map((block, position) => {
      const before = known[position];
      const read = lastLineDone || position < blocks.length - 1 ? block : finishedLines(block);
      if (before?.block === block && before.read === read) return before;
      const definitions = before?.read === read ? before.definitions : definitionsIn(read);
      if (definitions !== before?.definitions) changed = true;
      const uses = before?.block === block ? before.uses : usesOf(block);
      return { block, read, definitions, uses };
    });
    if (changed || merged === null) {
      const next = mergeDefinitions(known);
      if (next.key !== merged?.key) notesWithLinks = new Map();
      merged = next;
    }
    const { links, notes, key } = merged;
    if (links.size === 0 && notes.size === 0) return { sources: blocks, footnotes: [] };

    const footnotes = new Map<string, Footnote>();
    known.forEach(({ uses }, position) => {
      for (const { identifier, footnote } of uses) {
        const note = footnote ? notes.get(identifier) : undefined;
        if (!note || footnotes.has(identifier)) continue;
        const number = footnotes.size + 1;
        footnotes.set(identifier, { ...note, identifier, number, firstBlock: position });
      }
    });
    const sources = known.map((entry) => {
      if (entry.uses.length === 0) return entry.block;
      if (entry.attached?.by !== key) {
        entry.attached = { by: key, source: attach(entry.block, entry.uses, links, notes) };
      }
      return entry.attached.source;
    });
    // A note gets its links too; a footnote called only from another note is not numbered.
    const called = [...footnotes.values()].map((footnote) => {
      let note = notesWithLinks.get(footnote.note);
      if (note === undefined) {
        note = attach(footnote.note, usesOf(footnote.note), links, new Map());
        notesWithLinks.set(footnote.note, note);
      }
      return { ...footnote, note };
    });
    return { sources, footnotes: called };
  };
}

/** The text of a block up to its last line break: the lines that will not change any more. */
function finishedLines(block: string): string {
  const end = block.lastIndexOf('\n');
  return end < 0 ? '' : block.slice(0, end);
}

/** The answer's definitions: the first of each label wins, as in one document. */
function mergeDefinitions(known: readonly Known[]): Merged {
  const links = new Map<string, string>();
  const notes = new Map<string, FootnoteDefinition & { definedIn: number }>();
  known.forEach(({ definitions }, position) => {
    for (const [id, source] of definitions.links) if (!links.has(id)) links.set(id, source);
    for (const [id, note] of definitions.footnotes) {
      if (!notes.has(id)) notes.set(id, { ...note, definedIn: position });
    }
  });
  const key = `${[...links.values()].join('\n')}\n\n${[...notes.keys()].join('\n')}`;
  return { links, notes, key };
}

/**
 * The labels a block may use. A code block uses none (and appending to an unclosed one would
 * put text into its code).
 */
function usesOf(block: string): Use[] {
  if (isFencedCode(block)) return [];
  return labelsIn(block).map((label) => {
    const footnote = label.startsWith('^');
    return { label, footnote, identifier: labelIdentifier(footnote ? label.slice(1) : label) };
  });
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
  uses: readonly Use[],
  links: ReadonlyMap<string, string>,
  notes: ReadonlyMap<string, unknown>,
): string {
  const before = new Set<string>();
  const after = new Set<string>();
  for (const { label, identifier, footnote } of uses) {
    if (footnote) {
      if (notes.has(identifier)) after.add(`[${label}]:`);
    } else {
      const source = links.get(identifier);
      if (source !== undefined) before.add(source);
    }
  }
  if (before.size === 0 && after.size === 0) return block;
  return [...before, block, ...after].join('\n\n');
}
