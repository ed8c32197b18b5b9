import { memo, useState } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block.tsx';
import { blockSplitter } from './split-blocks.ts';

const plugins = [remarkGfm];

const components: Components = {
  // Links in answers lead away from the chat: a new tab, and no access back to this page.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: ({ node: _node, children }) => <CodeBlock>{children}</CodeBlock>,
};

/** One top-level block, rendered once per distinct source: settled blocks never re-render. */
const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <Markdown remarkPlugins={plugins} components={components}>
      {source}
    </Markdown>
  );
});

/**
 * An answer's Markdown (GitHub flavour: tables, task lists, strikethrough, autolinks), safe by
 * construction (no raw HTML). Rendered block by block, so a streaming answer re-parses only
 * its last block on each token (and re-splits only from there).
 */
export default function MarkdownView({ text }: { text: string }) {
  const [split] = useState(blockSplitter);
  return (
    <>
      {split(text).map((source, index) => (
        // Blocks only ever grow at the end: the index is a stable identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <MarkdownBlock key={index} source={source} />
      ))}
    </>
  );
}
