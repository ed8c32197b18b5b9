import { useSyncExternalStore } from 'react';
import { isStorageFull, watchStorageFull } from './storage-trouble.ts';

/**
 * Says plainly when the device's storage is full: what is already saved stays, new changes
 * can only be kept while the page is open, and what to do about it.
 */
export function StorageFullBanner() {
  const full = useSyncExternalStore(watchStorageFull, isStorageFull);
  if (!full) return null;
  return (
    <div className="storage-full" role="alert">
      <strong>This device is out of storage.</strong> Everything saved so far is safe, but new
      changes are only kept while this page stays open (and sent when you are online). Free up disk
      space or clear other sites' data, then reload.
    </div>
  );
}
