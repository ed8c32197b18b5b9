import { useSyncExternalStore } from 'react';
import { pendingDeletions, undoDelete, watchPendingDeletions } from './pending-deletions.ts';

/** "Deleted “…”. Undo" while a deletion can still be taken back. */
export function UndoDeleteToast() {
  const deletions = useSyncExternalStore(watchPendingDeletions, pendingDeletions);
  const latest = deletions.at(-1);
  if (!latest) return null;
  return (
    <div className="toast" role="status">
      <span>Deleted “{latest.title || 'New chat'}”.</span>
      <button type="button" className="button button--quiet" onClick={() => undoDelete(latest.id)}>
        Undo
      </button>
    </div>
  );
}
