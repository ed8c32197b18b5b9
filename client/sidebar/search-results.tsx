import { Link } from '@tanstack/react-router';
import { useCallback, useSyncExternalStore } from 'react';
import type { ReadTransaction } from 'replicache';
import { pendingDeletions, watchPendingDeletions } from '../chat/pending-deletions.ts';
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
  const deleting = useSyncExternalStore(watchPendingDeletions, pendingDeletions);
  if (hits === undefined) return null;
  const shown = hits.filter(
    ({ conversation }) => !deleting.some((gone) => gone.id === conversation.id),
  );
  if (shown.length === 0) return <p className="nav-empty">No conversation mentions “{query}”.</p>;
  return (
    <ul className="search-results">
      {shown.map(({ conversation, snippet }) => (
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
