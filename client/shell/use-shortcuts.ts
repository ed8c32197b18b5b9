import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { conversationSearchId } from '../sidebar/conversation-nav.tsx';

/**
 * App-wide keys: Ctrl/Cmd+K searches conversations (opening the drawer on narrow screens),
 * Ctrl/Cmd+Shift+O starts a new chat. Both work from inside text boxes, as in other chat apps.
 */
export function useShortcuts(openDrawer: () => void): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.isComposing) return;
      const key = event.key.toLowerCase();
      if (key === 'k' && !event.shiftKey) {
        event.preventDefault();
        openDrawer();
        const search = document.getElementById(conversationSearchId);
        if (search instanceof HTMLInputElement) {
          search.focus();
          search.select();
        }
      } else if (key === 'o' && event.shiftKey) {
        event.preventDefault();
        // A new chat is typed into its own box, not the one the keys were pressed in (the
        // composer leaves the focus where someone is typing).
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        void navigate({ to: '/' });
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [openDrawer, navigate]);
}
