import { useEffect } from 'react';

/**
 * While `active`, Escape anywhere on the page calls `stop`, unless something closer already
 * used that Escape (a menu, the rename box: they call `preventDefault`) or it happened in the
 * sidebar, whose menus and drawer close on Escape themselves.
 */
export function useEscapeToStop(active: boolean, stop: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest('.sidebar')) return;
      if (document.querySelector('.app-shell[data-drawer="open"]')) return;
      stop();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, stop]);
}
