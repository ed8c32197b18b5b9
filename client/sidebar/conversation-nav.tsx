import { Link } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { BranchIcon } from '../shell/icons.tsx';
import { groupByAge } from './group-by-age.ts';
import { SearchResults } from './search-results.tsx';
import { useConversations } from './use-conversations.ts';

/** The id of the search box, which Ctrl/Cmd+K focuses from anywhere. */
export const conversationSearchId = 'conversation-search';

/**
 * The list of conversations, grouped by age, one link each named by its title; above it a
 * search over titles and message text that runs on this device (so it works offline).
 */
export function ConversationNav({ onNavigate }: { onNavigate: () => void }) {
  const conversations = useConversations();
  const [query, setQuery] = useState('');
  // Typing stays responsive on long histories: the search follows a render behind.
  const searching = useDeferredValue(query.trim());

  return (
    <>
      <search className="conversation-search">
        <input
          id={conversationSearchId}
          type="search"
          aria-label="Search conversations"
          placeholder="Search chats"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query !== '') {
              event.preventDefault();
              setQuery('');
            }
          }}
        />
      </search>
      <nav aria-label="Conversations" className="conversation-nav">
        {searching !== '' ? (
          <SearchResults query={searching} onNavigate={onNavigate} />
        ) : (
          <>
            {conversations?.length === 0 && (
              <p className="nav-empty">Your chats will appear here.</p>
            )}
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
                        title={branchNote(conversation)}
                      >
                        {conversation.parentConversationId && <BranchIcon />}
                        {conversation.title || 'New chat'}
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </nav>
    </>
  );
}

/** What a branch is, for its tooltip; nothing for other conversations. */
function branchNote(conversation: Conversation): string | undefined {
  if (!conversation.parentConversationId) return undefined;
  return conversation.branchKind === 'edit' ? 'An edited version' : 'A branch';
}
