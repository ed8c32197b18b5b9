// The answers a tab was reading when it went away, kept in that tab's session storage for the
// next load (a reload, a restored tab) to start reading again at once.

const storageKey = 'parley.runs-being-read';

export type RunToResume = { messageId: string; runId: string };

const mostRuns = 20;
const longestId = 200;

/**
 * The saved list, or null if it is not one (another version's, or damaged). Checked by hand:
 * this runs before the first paint, where Zod would weigh (see auth/signed-in-user.ts).
 */
function toRunsToResume(value: unknown): RunToResume[] | null {
  if (!Array.isArray(value) || value.length > mostRuns) return null;
  const runs: RunToResume[] = [];
  const items: readonly unknown[] = value;
  for (const item of items) {
    if (typeof item !== 'object' || item === null) return null;
    if (!('messageId' in item && 'runId' in item)) return null;
    const { messageId, runId } = item;
    if (typeof messageId !== 'string' || messageId.length > longestId) return null;
    if (typeof runId !== 'string' || runId.length > longestId) return null;
    runs.push({ messageId, runId });
  }
  return runs;
}

/**
 * Saves the runs being read as the page goes away (`runs` is asked then, not now): at
 * `beforeunload`, since a reload cuts the page's connections before `pagehide` (which can
 * leave fewer runs listed by then), and at `pagehide` only for the ways out that skip
 * `beforeunload` (nothing saved yet).
 */
export function saveRunsOnLeave(runs: () => RunToResume[]): void {
  const save = (event: Event) => {
    try {
      if (event.type === 'pagehide' && sessionStorage.getItem(storageKey) !== null) return;
      const reading = runs();
      if (reading.length > 0) {
        sessionStorage.setItem(storageKey, JSON.stringify(reading.slice(0, mostRuns)));
      } else {
        sessionStorage.removeItem(storageKey);
      }
    } catch {
      // Storage refused (full, or disabled): the next load reads them as it always could.
    }
  };
  addEventListener('beforeunload', save);
  addEventListener('pagehide', save);
}

/** The runs saved by the last page in this tab, taken (so only one load resumes them). */
export function takeRunsToResume(): RunToResume[] {
  try {
    const saved = sessionStorage.getItem(storageKey);
    if (saved === null) return [];
    sessionStorage.removeItem(storageKey);
    return toRunsToResume(JSON.parse(saved)) ?? [];
  } catch {
    return [];
  }
}
