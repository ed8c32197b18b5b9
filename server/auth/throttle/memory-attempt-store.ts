import type { AttemptStore } from './attempt-store.ts';

/** Keys held at most; past it, ended windows go first, then the oldest. */
const capacity = 100_000;

/** Attempts counted in this process's memory: the embedded default, for one server process. */
export function createMemoryAttemptStore(now: () => number = Date.now): AttemptStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const window = windows.get(key);
    if (window && window.resetAt > now()) return window;
    windows.delete(key);
    return undefined;
  };
  const makeRoom = () => {
    if (windows.size < capacity) return;
    for (const [key, window] of windows) if (window.resetAt <= now()) windows.delete(key);
    // Still full: forget the oldest windows (Maps iterate in insertion order).
    for (const key of windows.keys()) {
      if (windows.size < capacity) break;
      windows.delete(key);
    }
  };
  return {
    driver: 'memory',
    async take(key, limit, windowMs) {
      const window = live(key);
      if (!window) {
        makeRoom();
        windows.set(key, { count: 1, resetAt: now() + windowMs });
        return { allowed: true };
      }
      if (window.count >= limit) return { allowed: false, retryAfterMs: window.resetAt - now() };
      window.count += 1;
      return { allowed: true };
    },
    async giveBack(key) {
      const window = live(key);
      if (window && window.count > 0) window.count -= 1;
    },
    async clear(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}
