import { Link } from '@tanstack/react-router';
import { groupByAge } from './group-by-age.ts';
import { useConversations } from './use-conversations.ts';

/** The list of conversations: one link each, named by its title. */
export function ConversationNav({ onNavigate }: { onNavigate: () => void }) {
  const conversations = useConversations();
  return (
    <nav aria-label="Conversations" className="conversation-nav">
      {conversations?.length === 0 && <p className="nav-empty">Your chats will appear here.</p>}
      {groupByAge(conversations ?? []).map((group) => (
        <section key={group.label} className="nav-group">
          <h2 className="nav-group-label">{group.label}</h2>
          <ul>
            {group.conversations.map((conversation) => (
              <li key={conversation.id}>
                <Link
                  to="/c/$conversationId"
                  params={{ conversationId: conversation.id }}
                  className="nav-link"
                  onClick={onNavigate}
                >
                  {conversation.title || 'New chat'}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
