import {
  type Rect,
  useVirtualizer,
  type VirtualItem,
  type Virtualizer,
} from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Conversation, Message } from '../../shared/entities.ts';
import { RecentMap } from '../../shared/recent-map.ts';
import type { BranchesByMessage } from '../branches/use-branches.ts';
import { afterNextPaint } from '../shell/after-next-paint.ts';
import { ArrowDownIcon } from '../shell/icons.tsx';
import { MessageArticle } from './message-article.tsx';

/** A guess at a message's height before it is measured; measured rows replace it. */
const estimatedRowHeight = 120;
/** Within this many pixels of the end counts as "reading the latest". */
const endSlack = 80;
/** Rows mounted beyond each edge of the viewport, so a scroll finds them laid out. */
const overscan = 4;

/**
 * Row sizes measured in the conversations shown lately, by conversation. Opening one again
 * places its rows at their real sizes at once: no row is measured by forcing a layout in the
 * middle of the render, and no second render corrects the estimates (together, most of a
 * switch between conversations).
 */
const measuredRows = new RecentMap<string, VirtualItem[]>(50);

/**
 * The size of the messages' viewport when a list last closed, and of the window then. The next
 * list in a window of that size starts with it and at its end, so its first render mounts the
 * rows that will show: otherwise the first render mounts the top rows of a viewport it has not
 * measured, and a second render, once it is measured and scrolled to the end, replaces them.
 */
let lastViewport: { rect: Rect; window: string } | undefined;
const windowSize = () => `${window.innerWidth}x${window.innerHeight}`;

/**
 * The conversation so far, virtualised: only the messages near the viewport are in the DOM,
 * so a 2,000-message conversation opens and scrolls like a short one. It opens at the latest
 * message and follows a streaming answer, unless the person has scrolled up to read; then
 * "Jump to latest" brings them back. Sending a message (a new `sentAt`) also brings them back.
 */
export function MessageList({
  conversation,
  messages,
  branches,
  sentAt,
  openAt,
}: {
  conversation: Conversation;
  messages: readonly Message[];
  branches: BranchesByMessage;
  sentAt: number;
  /** A message to open at (the branch point a breadcrumb leads back to) instead of the end. */
  openAt: string | undefined;
}) {
  const scroller = useRef<HTMLElement>(null);
  const initialIndex = useRef(messages.findIndex((m) => m.id === openAt));
  const [viewport] = useState(() =>
    lastViewport?.window === windowSize() && initialIndex.current < 0 ? lastViewport.rect : null,
  );
  // The virtualizer itself, for its `initialOffset` (read in its first render, after this is set).
  const itself = useRef<Virtualizer<HTMLElement, Element>>(null);
  const rowsAround = useRowsAroundAfterFirstPaint();
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    initialMeasurementsCache: measuredRows.get(conversation.id) ?? [],
    ...(viewport && {
      initialRect: viewport,
      initialOffset: () => (itself.current ? endOffset(itself.current) : 0),
    }),
    getItemKey: (index) => messages[index]?.id ?? index,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: endSlack,
    overscan: rowsAround,
    gap: 20,
    paddingStart: 24,
    paddingEnd: 32,
  });

  itself.current = virtualizer;

  // Open at the latest message, or the one asked for. Later messages are followed by
  // `followOnAppend`. Only on opening: `openAt` is read once.
  useLayoutEffect(() => {
    if (initialIndex.current >= 0)
      virtualizer.scrollToIndex(initialIndex.current, { align: 'center' });
    else virtualizer.scrollToEnd();
  }, [virtualizer]);

  useEffect(() => {
    if (sentAt > 0) virtualizer.scrollToEnd();
  }, [virtualizer, sentAt]);

  const conversationId = conversation.id;
  useLayoutEffect(
    () => () => {
      measuredRows.set(conversationId, virtualizer.takeSnapshot());
      const rect = virtualizer.scrollRect;
      if (rect && rect.height > 0) lastViewport = { rect, window: windowSize() };
    },
    [virtualizer, conversationId],
  );

  // The rows first: reading them settles the viewport and scroll position the end is judged by.
  const rows = virtualizer.getVirtualItems();
  // The rows' layout says so without touching the page (a streaming answer renders with each
  // word); only when it says no is the element asked, as rows never measured can mislead it.
  const atEnd = messages.length === 0 || showsEnd(virtualizer) || virtualizer.isAtEnd();

  return (
    <div className="chat-body">
      {/* A scrollable region is reached by Tab, so the keyboard alone can scroll it (arrows,
          Page Up/Down, Home/End), as axe's scrollable-region-focusable rule asks. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable */}
      <section className="chat-scroll" aria-label="Messages" ref={scroller} tabIndex={0}>
        <div className="message-list" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const message = messages[row.index];
            if (!message) return null;
            return (
              <div
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                className="message-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <MessageArticle
                  message={message}
                  conversation={conversation}
                  branches={branches.get(message.id)}
                />
              </div>
            );
          })}
        </div>
      </section>
      {!atEnd && (
        <button
          type="button"
          className="jump-to-latest"
          onClick={() =>
            virtualizer.scrollToEnd({ behavior: nearEnd(virtualizer) ? 'smooth' : 'auto' })
          }
        >
          <ArrowDownIcon />
          Jump to latest
        </button>
      )}
    </div>
  );
}

/**
 * How many rows to mount beyond the viewport: none for the list's first paint, which then
 * builds, lays out and paints only what is seen (a switch between conversations waits for
 * it), and `overscan` from the frame after, long before a person can scroll.
 */
function useRowsAroundAfterFirstPaint(): number {
  const [rows, setRows] = useState(0);
  useEffect(() => {
    let mounted = true;
    afterNextPaint().then(() => {
      if (mounted) setRows(overscan);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return rows;
}

/**
 * Whether the view is within `endSlack` of the end, from the rows' layout: reading the
 * element's scroll height instead would force a layout in the middle of every render (a
 * streaming answer renders with each word). Until the viewport is measured the list is
 * opening at its end, so it counts as there.
 */
function showsEnd(virtualizer: Virtualizer<HTMLElement, Element>): boolean {
  if (!virtualizer.scrollRect?.height) return true;
  return endOffset(virtualizer) - (virtualizer.scrollOffset ?? 0) <= endSlack;
}

/** The scroll offset that shows the end of the list, as far as its rows are known. */
function endOffset(virtualizer: Virtualizer<HTMLElement, Element>): number {
  return Math.max(0, virtualizer.getTotalSize() - (virtualizer.scrollRect?.height ?? 0));
}

/**
 * Whether the end is within a few screens: close enough to glide there. From further up a
 * smooth scroll would take seconds and pass over thousands of unmeasured rows, so it jumps.
 */
function nearEnd(virtualizer: {
  getDistanceFromEnd(): number;
  scrollRect: { height: number } | null;
}) {
  return virtualizer.getDistanceFromEnd() < 3 * (virtualizer.scrollRect?.height ?? 0);
}
