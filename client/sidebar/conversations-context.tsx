import { createContext, type ReactNode, useContext } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { listConversations } from '../../shared/queries.ts';
import { useReadAhead } from '../chat/use-read-ahead.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

const ConversationsContext = createContext<Conversation[] | undefined>(undefined);

/**
 * One live list of every conversation for the whole app: the sidebar and each conversation's
 * branches read it, so a change re-runs one scan of the list, not one per reader. The most
 * recent conversations are read ahead from it.
 */
export function ConversationsProvider({ children }: { children: ReactNode }) {
  const all = useSubscribe(useReplicache(), listConversations);
  useReadAhead(all);
  return <ConversationsContext value={all}>{children}</ConversationsContext>;
}

/** Every conversation, most recently active first; `undefined` while loading. */
export function useAllConversations(): Conversation[] | undefined {
  return useContext(ConversationsContext);
}
