import { Link } from '@tanstack/react-router';
import { memo, startTransition, useDeferredValue, useEffect, useState } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { BranchIcon } from '../shell/icons.tsx';
import { useConversationsRead } from './conversations-context.tsx';
import { groupByAge } from './group-by-age.ts';
import { SearchResults } from './search-results.tsx';
import { useConversations } from './use-conversations.ts';
import { useToday } from './use-today.ts';

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
  // The list as last shown (before the store is read) is only its top: the whole list's first
  // paint is still to come.
  const complete = useCompleteAfterFirstPaint(useConversationsRead());
  const today = useToday();

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
            {groupByAge(firstPaint(conversations ?? [], complete), new Date(today)).map((group) => (
              <section key={group.label} className="nav-group">
                <h2 className="nav-group-label">{group.label}</h2>
                <ul>
                  {group.conversations.map((conversation) => (
                    <ConversationItem
                      key={conversation.id}
                      conversation={conversation}
                      onNavigate={onNavigate}
                    />
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

/** How many conversations the first paint of the list shows: a screenful and more. */
const firstPaintCount = 60;

/**
 * The list as the first paint shows it: the newest `firstPaintCount` until `complete`. A
 * thousand links at once would hold up the first paint of the whole app.
 */
function firstPaint(conversations: Conversation[], complete: boolean): Conversation[] {
  return complete ? conversations : conversations.slice(0, firstPaintCount);
}

/**
 * False for the first paint once `ready`, then true: the rest of the list renders as a
 * transition (interruptible, so typing and clicks are never held up by it).
 */
function useCompleteAfterFirstPaint(ready: boolean): boolean {
  const [complete, setComplete] = useState(false);
  useEffect(() => {
    if (!ready || complete) return;
    const frame = requestAnimationFrame(() => startTransition(() => setComplete(true)));
    return () => cancelAnimationFrame(frame);
  }, [ready, complete]);
  return complete;
}

/**
 * One conversation's link; rendered again only when that conversation changes (an unchanged
 * row is the same object from one list to the next: see `parseEach`).
 */
const ConversationItem = memo(function ConversationItem({
  conversation,
  onNavigate,
}: {
  conversation: Conversation;
  onNavigate: () => void;
}) {
  return (
    <li>
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
  );
});

/** What a branch is, for its tooltip; nothing for other conversations. */
function branchNote(conversation: Conversation): string | undefined {
  if (!conversation.parentConversationId) return undefined;
  return conversation.branchKind === 'edit' ? 'An edited version' : 'A branch';
}
