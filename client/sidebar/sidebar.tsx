import { useNavigate } from '@tanstack/react-router';
import { memo } from 'react';
import { AccountMenu } from '../auth/account-menu.tsx';
import { ConversationNav } from './conversation-nav.tsx';

type Props = { id: string; onNavigate: () => void };

/**
 * Brand, New chat, the conversation list, and the account menu. Memoised: the shell renders
 * again with every page, and the list under it can hold a thousand conversations.
 */
export const Sidebar = memo(function Sidebar({ id, onNavigate }: Props) {
  const navigate = useNavigate();
  return (
    <aside id={id} className="sidebar">
      <div className="sidebar-header">
        <span className="brand">Parley</span>
        <button
          type="button"
          className="button button--primary new-chat"
          onClick={() => {
            onNavigate();
            void navigate({ to: '/' });
          }}
        >
          New chat
        </button>
      </div>
      <ConversationNav onNavigate={onNavigate} />
      <AccountMenu onNavigate={onNavigate} />
    </aside>
  );
});
