import * as z from 'zod/mini';

// The answers a tab was reading when it went away, kept in that tab's session storage for the
// next load (a reload, a restored tab) to start reading again at once.

const storageKey = 'parley.runs-being-read';

export type RunToResume = { messageId: string; runId: string };

const RunsToResume = z
  .array(
    z.object({
      messageId: z.string().check(z.maxLength(200)),
      runId: z.string().check(z.maxLength(200)),
    }),
  )
  .check(z.maxLength(20));

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
        sessionStorage.setItem(storageKey, JSON.stringify(reading.slice(0, 20)));
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
    const parsed = RunsToResume.safeParse(JSON.parse(saved));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
