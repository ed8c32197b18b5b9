import { useEffect, useState } from 'react';
import {
  askToKeepStorage,
  type DeviceStorage,
  formatBytes,
  readDeviceStorage,
} from '../local/device-storage.ts';

/** Settings › Storage on this device: what is used, and whether the browser will keep it. */
export function StorageSection() {
  const [storage, setStorage] = useState<DeviceStorage | null | undefined>(undefined);
  const refresh = () => {
    readDeviceStorage()
      .then(setStorage)
      .catch(() => setStorage(null));
  };
  useEffect(refresh, []);

  return (
    <section className="settings-section" aria-labelledby="settings-storage">
      <h2 id="settings-storage">Storage on this device</h2>
      {storage === undefined && <p className="muted">Measuring…</p>}
      {storage === null && <p className="muted">This browser does not say how much it stores.</p>}
      {storage && (
        <>
          <p>
            {formatBytes(storage.usedBytes)} used of {formatBytes(storage.quotaBytes)} available to
            Parley.
          </p>
          {storage.persisted ? (
            <p className="muted">The browser keeps this data even when the disk runs low.</p>
          ) : (
            <>
              <p className="muted">
                The browser may clear this data when the disk runs low; anything already synced
                comes back when you sign in.
              </p>
              <button
                type="button"
                className="button"
                onClick={() => void askToKeepStorage().then(refresh)}
              >
                Keep data on this device
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
