/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/**
 * Total Blocking Time of tasks of these `durations` (ms): what each spent beyond 50 ms, the
 * longest a task may take before input waits on it.
 */
export const blockingMs = (durations: readonly number[]) =>
  durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0);

/** Milliseconds on a clock shared by this process and Chromium (wall time, sub-millisecond). */
export const wallNow = () => performance.timeOrigin + performance.now();

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));
