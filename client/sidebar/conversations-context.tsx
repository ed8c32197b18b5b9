import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { listConversations } from '../../shared/queries.ts';
import { useCurrentUser } from '../auth/use-current-user.ts';
import { rememberConversation } from '../chat/use-conversation.ts';
import { rememberMessages } from '../chat/use-messages.ts';
import { useReadAhead } from '../chat/use-read-ahead.ts';
import {
  noteConversationsShown,
  readLastScreen,
  saveLastScreenWhenHidden,
} from '../local/last-screen.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';

type Conversations = {
  /** Most recently active first; `undefined` while loading. */
  list: Conversation[] | undefined;
  /** Whether `list` is the store's; until then it is the top of the list as last shown. */
  read: boolean;
};

const ConversationsContext = createContext<Conversations>({ list: undefined, read: false });

/**
 * One live list of every conversation for the whole app: the sidebar and each conversation's
 * branches read it, so a change re-runs one scan of the list, not one per reader. The most
 * recent conversations are read ahead from it. Until the store has been read, the list is the
 * top of the one this device showed last (see `last-screen.ts`).
 */
export function ConversationsProvider({ children }: { children: ReactNode }) {
  const { id: userId } = useCurrentUser();
  const rep = useReplicache();
  const [lastShown] = useState(() => openWithLastScreen(rep, userId));
  // A change to the list (every message sent moves its conversation up) re-renders the
  // sidebar: never in the frame that paints the message itself.
  const all = useSubscribe(rep, listConversations, undefined, { transition: true });
  useReadAhead(all);
  useEffect(() => {
    if (all) noteConversationsShown(userId, all);
  }, [userId, all]);
  useEffect(saveLastScreenWhenHidden, []);
  const value = useMemo<Conversations>(
    () => (all === undefined ? { list: lastShown, read: false } : { list: all, read: true }),
    [all, lastShown],
  );
  return <ConversationsContext value={value}>{children}</ConversationsContext>;
}

/**
 * The last screen (see `last-screen.ts`): its open conversation is remembered as shown, so the
 * page, rendered inside this provider, paints it before the store has opened; its list is
 * returned, for the sidebar to show until then.
 */
function openWithLastScreen(rep: ParleyReplicache, userId: string): Conversation[] | undefined {
  const screen = readLastScreen(userId);
  if (screen?.open) {
    rememberConversation(rep, screen.open.conversation);
    rememberMessages(rep, screen.open.conversation.id, screen.open.messages);
  }
  return screen?.conversations;
}

/** Every conversation, most recently active first; `undefined` while loading. */
export function useAllConversations(): Conversation[] | undefined {
  return useContext(ConversationsContext).list;
}

/** Whether the conversation list has been read from the store (not the last one shown). */
export function useConversationsRead(): boolean {
  return useContext(ConversationsContext).read;
}
