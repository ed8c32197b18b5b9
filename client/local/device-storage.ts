/** How much this site stores on the device, and whether the browser promises to keep it. */
export type DeviceStorage = { usedBytes: number; quotaBytes: number; persisted: boolean };

/** Reads the browser's figures; null where the Storage API is missing (old or private modes). */
export async function readDeviceStorage(): Promise<DeviceStorage | null> {
  if (!navigator.storage?.estimate) return null;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([
    navigator.storage.estimate(),
    navigator.storage.persisted?.() ?? Promise.resolve(false),
  ]);
  return { usedBytes: usage, quotaBytes: quota, persisted };
}

/**
 * Asks the browser not to clear this site's data under storage pressure: conversations and
 * unsent messages live here. Browsers decide silently (Chromium by engagement, installation).
 */
export async function askToKeepStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
