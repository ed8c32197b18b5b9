import { useState, useSyncExternalStore } from 'react';
import { applyUpdate, isUpdateWaiting, watchUpdate } from './register-service-worker.ts';

/** "Update available": shown when a new deployment is ready; reloading switches to it. */
export function UpdatePrompt() {
  const waiting = useSyncExternalStore(watchUpdate, isUpdateWaiting);
  const [dismissed, setDismissed] = useState(false);
  const [applying, setApplying] = useState(false);
  if (!waiting || dismissed) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>Update available</span>
      <button
        type="button"
        className="button button--primary"
        disabled={applying}
        onClick={() => {
          setApplying(true);
          applyUpdate();
        }}
      >
        {applying ? 'Updating…' : 'Reload to update'}
      </button>
      <button type="button" className="button button--quiet" onClick={() => setDismissed(true)}>
        Later
      </button>
    </div>
  );
}
