import { useCallback } from 'react';

/** How close to the bottom still counts as "at the bottom", in pixels. */
const slack = 48;

/**
 * A ref for a scrolling container that keeps it scrolled to the bottom while its content grows
 * (an answer streaming in), as long as the person has not scrolled up to read.
 */
export function useStickToBottom(): (scroller: HTMLElement | null) => (() => void) | undefined {
  return useCallback((scroller: HTMLElement | null) => {
    if (!scroller) return;
    let pinned = true;
    const onScroll = () => {
      pinned = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= slack;
    };
    const observer = new ResizeObserver(() => {
      if (pinned) scroller.scrollTop = scroller.scrollHeight;
    });
    for (const child of scroller.children) observer.observe(child);
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      scroller.removeEventListener('scroll', onScroll);
    };
  }, []);
}
