import { useEffect } from 'react';
import type { Conversation } from '../../shared/entities.ts';
import { whenIdle } from '../shell/when-idle.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { readConversationAhead } from './use-conversation.ts';
import { readMessagesAhead } from './use-messages.ts';

/** How many of the most recent conversations are read ahead. */
const readAheadCount = 8;
/** Between reads where the browser cannot tell when it is idle. */
const idleFallbackMs = 50;

/**
 * Reads the most recent conversations and their messages while the page is idle: the first
 * opening of one of them then paints in the click's own frame, as a conversation opened lately
 * does, instead of a frame or two later, after the store has loaded it from disk. One
 * conversation per idle period, so it never holds up the person; those read already are
 * skipped when the most recent ones change.
 */
export function useReadAhead(conversations: readonly Conversation[] | undefined): void {
  const rep = useReplicache();
  const recentIds = conversations?.slice(0, readAheadCount).map((conversation) => conversation.id);
  const recent = recentIds?.join(' ') ?? '';

  useEffect(() => {
    const queue = recent.split(' ').filter((id) => id !== '');
    let cancelled = false;
    let cancelWait = whenIdle(next, idleFallbackMs);
    function next() {
      const id = queue.shift();
      if (id === undefined || cancelled) return;
      Promise.all([readConversationAhead(rep, id), readMessagesAhead(rep, id)])
        .catch(() => undefined) // Only a head start: opening reads it again anyway.
        .finally(() => {
          if (!cancelled) cancelWait = whenIdle(next, idleFallbackMs);
        });
    }
    return () => {
      cancelled = true;
      cancelWait();
    };
  }, [rep, recent]);
}
