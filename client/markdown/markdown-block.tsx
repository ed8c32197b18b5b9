import { memo, type ReactElement } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { RecentMap } from '../../shared/recent-map.ts';
import { SourceMarker } from '../web-search/source-marker.tsx';
import { sourceMarkerTitle } from '../web-search/source-markers.ts';
import { CodeBlock } from './code-block.tsx';
import { BlockPositionContext, FootnoteCall, footnoteHandlers } from './footnote-call.tsx';
import { isPlainParagraph } from './plain-paragraph.ts';
import { ListItem, TaskCheckbox } from './task-list.tsx';

const plugins = [remarkGfm];
const remarkRehypeOptions = { handlers: footnoteHandlers };

const components: Components = {
  // Links in answers lead away from the chat: a new tab, and no access back to this page. A
  // link whose address react-markdown refused (`javascript:` and the like) is left as its text.
  a: ({ node: _node, ...props }) =>
    props.href && props.title === sourceMarkerTitle ? (
      <SourceMarker href={props.href}>{props.children}</SourceMarker>
    ) : props.href ? (
      <a {...props} target="_blank" rel="noopener noreferrer" />
    ) : (
      <span>{props.children}</span>
    ),
  pre: ({ node: _node, children }) => <CodeBlock>{children}</CodeBlock>,
  li: ListItem,
  input: TaskCheckbox,
  sup: ({ node, ...props }) => {
    const identifier = node?.properties.dataFootnoteCall;
    if (typeof identifier !== 'string') return <sup {...props} />;
    return (
      <FootnoteCall
        identifier={identifier}
        count={Number(node?.properties.dataFootnoteCount)}
        fallback={String(props.children)}
      />
    );
  },
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
    Markdown({ children: source, remarkPlugins: plugins, remarkRehypeOptions, components })
  );
  if (keep) renderedBlocks.set(source, rendered);
  return rendered;
}

/**
 * One top-level block, rendered once per distinct source: settled blocks never re-render. Only
 * settled blocks are kept; the block still growing would fill the cache with its drafts. A
 * block calling footnotes says where it is, for the first call of each to be found.
 */
export const MarkdownBlock = memo(function MarkdownBlock({
  source,
  settled,
  position,
}: {
  source: string;
  settled: boolean;
  position: number;
}) {
  const rendered = renderBlock(source, settled);
  return source.includes('[^') ? (
    <BlockPositionContext value={position}>{rendered}</BlockPositionContext>
  ) : (
    rendered
  );
});
