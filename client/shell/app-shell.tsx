import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { UndoDeleteToast } from '../chat/undo-delete-toast.tsx';
import { StorageFullBanner } from '../local/storage-full-banner.tsx';
import { Sidebar } from '../sidebar/sidebar.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { MenuIcon } from './icons.tsx';
import { useShortcuts } from './use-shortcuts.ts';

/**
 * The frame of the signed-in app: the sidebar beside the page on wide screens; on narrow ones
 * the sidebar is a drawer behind a toggle.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const close = useCallback(() => setDrawerOpen(false), []);
  useShortcuts(
    // Only where the sidebar is a drawer (see styles.css): elsewhere it is always in view.
    useCallback(() => setDrawerOpen(window.matchMedia('(max-width: 767px)').matches), []),
  );

  useEffect(() => {
    if (!drawerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setDrawerOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [drawerOpen]);

  return (
    <div className="app-shell" data-drawer={drawerOpen ? 'open' : 'closed'}>
      <Sidebar id="sidebar" onNavigate={close} />
      <button
        type="button"
        className="scrim"
        tabIndex={-1}
        aria-label="Hide conversations"
        onClick={close}
      />
      <main className="main">
        <div className="topbar">
          <button
            type="button"
            className="button button--quiet drawer-toggle"
            aria-controls="sidebar"
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen((open) => !open)}
          >
            <MenuIcon />
            <span className="visually-hidden">Show conversations</span>
          </button>
          <ConnectionStatus />
        </div>
        <StorageFullBanner />
        {children}
        <UndoDeleteToast />
      </main>
    </div>
  );
}
