import { memo, useDeferredValue, useId, useMemo, useState } from 'react';
import { definitionsAttacher, type Footnote } from './answer-definitions.ts';
import { type FootnoteNumbers, FootnoteNumbersContext } from './footnote-call.tsx';
import { FootnoteNotes } from './footnote-notes.tsx';
import { MarkdownBlock } from './markdown-block.tsx';
import { blockSplitter } from './split-blocks.ts';

/**
 * A run of consecutive blocks in one box. A long answer is hundreds of blocks; as groups, a
 * token re-renders only the last group (a group whose blocks are all the same as last time
 * does not render again), and the groups before the last two render after the first paint.
 */
const MarkdownGroup = memo(
  function MarkdownGroup({
    blocks,
    first,
    settledCount,
  }: {
    blocks: readonly string[];
    first: number;
    settledCount: number;
  }) {
    return (
      <div className="markdown-group">
        {blocks.map((source, position) => (
          <MarkdownBlock
            // biome-ignore lint/suspicious/noArrayIndexKey: blocks only ever grow at the end, so a position is a stable identity
            key={position}
            source={source}
            settled={position < settledCount}
            position={first + position}
          />
        ))}
      </div>
    );
  },
  (before, after) =>
    before.first === after.first &&
    before.settledCount === after.settledCount &&
    before.blocks.length === after.blocks.length &&
    before.blocks.every((source, index) => source === after.blocks[index]),
);

/** Blocks in a group: enough that a 40 KB answer is a few dozen groups. */
const blocksPerGroup = 16;

/**
 * An answer's Markdown (GitHub flavour: tables, task lists, strikethrough, autolinks, reference
 * links, footnotes), safe by construction (no raw HTML, no `javascript:` links). Rendered block
 * by block, so a streaming answer re-parses only its last block on each token (and re-splits
 * only from there); definitions reach the blocks that use them from anywhere in the answer.
 * `complete`: no more text will come, so the last block is settled too.
 */
export default function MarkdownView({ text, complete }: { text: string; complete: boolean }) {
  const [split] = useState(blockSplitter);
  const [attachDefinitions] = useState(definitionsAttacher);
  const { sources: blocks, footnotes } = attachDefinitions(text, split(text), complete);
  const settled = complete ? blocks.length : blocks.length - 1;
  const groups = Math.ceil(blocks.length / blocksPerGroup);
  // A long answer shown for the first time (a reload in mid-answer, opening a long reply)
  // paints its last two groups at once, where the reader is and new text arrives; the groups
  // before them follow as a background render that yields to input. Parsing 40 KB of
  // Markdown in one go was a task of half a second.
  const from = useDeferredValue(0, Math.max(0, groups - 2));
  const numbers = useFootnoteNumbers(footnotes);
  const view = (
    <>
      {Array.from({ length: groups - from }, (_, offset) => {
        const group = from + offset;
        const first = group * blocksPerGroup;
        return (
          <MarkdownGroup
            key={group}
            blocks={blocks.slice(first, first + blocksPerGroup)}
            first={first}
            settledCount={Math.min(settled - first, blocksPerGroup)}
          />
        );
      })}
    </>
  );
  if (!numbers) return view;
  return (
    <FootnoteNumbersContext value={numbers}>
      {view}
      <FootnoteNotes footnotes={footnotes} prefix={numbers.prefix} settledBlocks={settled} />
    </FootnoteNumbersContext>
  );
}

/**
 * The numbers of an answer's footnotes, the same object while they stay the same (each call
 * renders again when it changes), under ids of this answer's own: two answers on one page
 * both have a footnote 1.
 */
function useFootnoteNumbers(footnotes: readonly Footnote[]): FootnoteNumbers | null {
  const id = useId();
  const key = footnotes
    .map((footnote) => `${footnote.identifier}\n${footnote.firstBlock}`)
    .join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the numbering
  return useMemo(() => {
    if (footnotes.length === 0) return null;
    const numbers = new Map(
      footnotes.map((footnote) => [
        footnote.identifier,
        { number: footnote.number, firstBlock: footnote.firstBlock },
      ]),
    );
    return { prefix: `answer${id.replace(/[^a-zA-Z0-9]/g, '')}-`, numbers };
  }, [id, key]);
}
