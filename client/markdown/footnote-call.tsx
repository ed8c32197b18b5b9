import { createContext, type MouseEvent, use } from 'react';
import type { Options } from 'react-markdown';

type Handlers = NonNullable<NonNullable<Options['remarkRehypeOptions']>['handlers']>;

/** An answer's footnotes: their numbers, and the prefix that keeps its ids apart from others'. */
export type FootnoteNumbers = {
  prefix: string;
  /** By identifier: the footnote's number and the block that calls it first. */
  numbers: ReadonlyMap<string, { number: number; firstBlock: number }>;
};

export const FootnoteNumbersContext = createContext<FootnoteNumbers | null>(null);

/** The position of the block being rendered in its answer. */
export const BlockPositionContext = createContext(-1);

/** Ids within one answer: `fn-2` is the second note, `fnref-2` the first call of it. */
export const noteId = (prefix: string, number: number) => `${prefix}fn-${number}`;
export const callId = (prefix: string, number: number) => `${prefix}fnref-${number}`;
export const notesHeadingId = (prefix: string) => `${prefix}footnotes`;

/**
 * A footnote call as a placeholder element, for FootnoteCall to fill in. remark-rehype numbers
 * the calls of one tree, and each block is a tree of its own: every block's first footnote
 * would be 1, and every block would bring a footnotes section of its own. The number comes
 * from the whole answer instead, at render time, so a block's rendering stays the same while
 * its answer's numbering changes (and can be shared by another answer with the same block).
 */
export const footnoteHandlers: Handlers = {
  footnoteReference: (state, node: { identifier: string; label?: string | null | undefined }) => {
    const count = (state.footnoteCounts.get(node.identifier) ?? 0) + 1;
    state.footnoteCounts.set(node.identifier, count);
    return {
      type: 'element',
      tagName: 'sup',
      properties: { dataFootnoteCall: node.identifier, dataFootnoteCount: count },
      children: [{ type: 'text', value: `[^${node.label ?? node.identifier}]` }],
    };
  },
};

/**
 * A footnote call: its number, linking to its note. The first call of a note is where the
 * note's way back leads.
 */
export function FootnoteCall({
  identifier,
  count,
  fallback,
}: {
  identifier: string;
  count: number;
  fallback: string;
}) {
  const footnotes = use(FootnoteNumbersContext);
  const block = use(BlockPositionContext);
  const footnote = footnotes?.numbers.get(identifier);
  if (!footnotes || !footnote) return fallback;
  const { prefix } = footnotes;
  const first = footnote.firstBlock === block && count === 1;
  const target = noteId(prefix, footnote.number);
  return (
    <sup>
      <a
        href={`#${target}`}
        id={first ? callId(prefix, footnote.number) : undefined}
        data-footnote-ref=""
        aria-label={`Footnote ${footnote.number}`}
        aria-describedby={notesHeadingId(prefix)}
        onClick={(event) => jumpTo(event, target)}
      >
        {footnote.number}
      </a>
    </sup>
  );
}

/**
 * Follows a link within the answer without touching the address: the conversation's URL stays
 * as it is, and the target takes the focus, so the way back is a keypress away.
 */
export function jumpTo(event: MouseEvent<HTMLAnchorElement>, id: string) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const target = event.currentTarget.ownerDocument.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}
