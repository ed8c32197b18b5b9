import type { Conversation } from '../../shared/entities.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/** How long a deleted conversation can be brought back. */
export const undoWindowMs = 6_000;

type Pending = { conversation: Conversation; timer: ReturnType<typeof setTimeout> };

// Deletions wait out the undo window before they become a mutation: undo is then just
// forgetting them, and a page closed meanwhile loses nothing (the conversation stays).
const pending = new Map<string, Pending>();
let snapshot: readonly Conversation[] = [];
const listeners = new Set<() => void>();

function changed() {
  snapshot = [...pending.values()].map((entry) => entry.conversation);
  for (const listener of listeners) listener();
}

/** Hides the conversation now and deletes it for good when the undo window closes. */
export function deleteWithUndo(rep: ParleyReplicache, conversation: Conversation): void {
  clearTimeout(pending.get(conversation.id)?.timer);
  const timer = setTimeout(() => {
    pending.delete(conversation.id);
    changed();
    void rep.mutate.deleteConversation({ id: conversation.id });
  }, undoWindowMs);
  pending.set(conversation.id, { conversation, timer });
  changed();
}

export function undoDelete(id: string): void {
  const entry = pending.get(id);
  if (!entry) return;
  clearTimeout(entry.timer);
  pending.delete(id);
  changed();
}

/** Conversations deleted within the undo window, oldest first. */
export function pendingDeletions(): readonly Conversation[] {
  return snapshot;
}

export function watchPendingDeletions(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
