/**
 * Calls `run` once the page is idle (after `fallbackMs` where the browser cannot tell: Safari
 * has no idle callbacks); returns a cancel.
 */
export function whenIdle(run: () => void, fallbackMs: number): () => void {
  if ('requestIdleCallback' in window) {
    const handle = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, fallbackMs);
  return () => clearTimeout(timer);
}
