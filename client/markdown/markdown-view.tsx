import { memo, type ReactElement, useDeferredValue, useState } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { RecentMap } from '../../shared/recent-map.ts';
import { CodeBlock } from './code-block.tsx';
import { isPlainParagraph } from './plain-paragraph.ts';
import { blockSplitter } from './split-blocks.ts';

const plugins = [remarkGfm];

const components: Components = {
  // Links in answers lead away from the chat: a new tab, and no access back to this page.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: ({ node: _node, children }) => <CodeBlock>{children}</CodeBlock>,
};

/** Settled blocks rendered lately, by source: the most a page shows at once and then some. */
const renderedBlocks = new RecentMap<string, ReactElement>(1_000);

/**
 * A block's React elements. react-markdown's `Markdown` is a plain function of its source (no
 * hooks), so the elements of a settled block can be kept and mounted again: switching back to
 * a conversation, or scrolling a long one, does not parse its Markdown again.
 */
function renderBlock(source: string, keep: boolean): ReactElement {
  const kept = renderedBlocks.get(source);
  if (kept) return kept;
  // Plain prose: what Markdown would make of it, unparsed. The block still growing is mostly
  // such; and an answer's first paint (a reload in mid-answer, opening a conversation) then
  // needs no parse of its prose, where the parser's first runs on a cold page cost most.
  const rendered = isPlainParagraph(source) ? (
    <p>{source.trimEnd()}</p>
  ) : (
    Markdown({ children: source, remarkPlugins: plugins, components })
  );
  if (keep) renderedBlocks.set(source, rendered);
  return rendered;
}

/**
 * One top-level block, rendered once per distinct source: settled blocks never re-render. Only
 * settled blocks are kept; the block still growing would fill the cache with its drafts.
 */
const MarkdownBlock = memo(function MarkdownBlock({
  source,
  settled,
}: {
  source: string;
  settled: boolean;
}) {
  return renderBlock(source, settled);
});

/**
 * A run of consecutive blocks in one box. A long answer is hundreds of blocks; as groups, a
 * token re-renders only the last group (a group whose blocks are all the same as last time
 * does not render again), and the groups before the last two render after the first paint.
 */
const MarkdownGroup = memo(
  function MarkdownGroup({ blocks, settledCount }: { blocks: string[]; settledCount: number }) {
    return (
      <div className="markdown-group">
        {blocks.map((source, position) => (
          <MarkdownBlock
            // biome-ignore lint/suspicious/noArrayIndexKey: blocks only ever grow at the end, so a position is a stable identity
            key={position}
            source={source}
            settled={position < settledCount}
          />
        ))}
      </div>
    );
  },
  (before, after) =>
    before.settledCount === after.settledCount &&
    before.blocks.length === after.blocks.length &&
    before.blocks.every((source, index) => source === after.blocks[index]),
);

/** Blocks in a group: enough that a 40 KB answer is a few dozen groups. */
const blocksPerGroup = 16;

/**
 * An answer's Markdown (GitHub flavour: tables, task lists, strikethrough, autolinks), safe by
 * construction (no raw HTML). Rendered block by block, so a streaming answer re-parses only
 * its last block on each token (and re-splits only from there). `complete`: no more text will
 * come, so the last block is settled too.
 */
export default function MarkdownView({ text, complete }: { text: string; complete: boolean }) {
  const [split] = useState(blockSplitter);
  const blocks = split(text);
  const settled = complete ? blocks.length : blocks.length - 1;
  const groups = Math.ceil(blocks.length / blocksPerGroup);
  // A long answer shown for the first time (a reload in mid-answer, opening a long reply)
  // paints its last two groups at once, where the reader is and new text arrives; the groups
  // before them follow as a background render that yields to input. Parsing 40 KB of
  // Markdown in one go was a task of half a second.
  const from = useDeferredValue(0, Math.max(0, groups - 2));
  return (
    <>
      {Array.from({ length: groups - from }, (_, offset) => {
        const group = from + offset;
        const first = group * blocksPerGroup;
        return (
          <MarkdownGroup
            key={group}
            blocks={blocks.slice(first, first + blocksPerGroup)}
            settledCount={Math.min(settled - first, blocksPerGroup)}
          />
        );
      })}
    </>
  );
}
