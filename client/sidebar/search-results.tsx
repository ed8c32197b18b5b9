import { Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import type { ReadTransaction } from 'replicache';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';
import { searchConversations } from './search-conversations.ts';

/** The conversations that mention `query`, live, each with where it was found. */
export function SearchResults({ query, onNavigate }: { query: string; onNavigate: () => void }) {
  const rep = useReplicache();
  const hits = useSubscribe(
    rep,
    useCallback((tx: ReadTransaction) => searchConversations(tx, query), [query]),
  );
  if (hits === undefined) return null;
  if (hits.length === 0) return <p className="nav-empty">No conversation mentions “{query}”.</p>;
  return (
    <ul className="search-results">
      {hits.map(({ conversation, snippet }) => (
        <li key={conversation.id}>
          <Link
            to="/c/$conversationId"
            params={{ conversationId: conversation.id }}
            className="nav-link"
            onClick={onNavigate}
          >
            {conversation.title || 'New chat'}
          </Link>
          {snippet && <p className="search-snippet">{snippet}</p>}
        </li>
      ))}
    </ul>
  );
}
