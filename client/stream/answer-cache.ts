import { type AnswerText, emptyAnswerText } from './answer-text.ts';

// Streamed text by run id, for this page load only. Leaving a conversation and coming back
// resumes from the cached offset instead of replaying; a reload starts from 0, which the
// chunk store answers by replaying everything. A retry has a new run id, so fresh text.

/** Runs kept at most; the least recently written go first, unless someone is showing them. */
const capacity = 20;
const answers = new Map<string, AnswerText>();
const listeners = new Map<string, Set<() => void>>();

/** The text held for a run (empty if none). */
export function getAnswerText(runId: string): AnswerText {
  return answers.get(runId) ?? emptyAnswerText;
}

/** Runs changed since the last telling; not empty while a flush is scheduled. */
const notifyLater = new Set<string>();
/** When a batched change was last told (performance.now()). */
let lastToldAt = Number.NEGATIVE_INFINITY;
/** About a frame: batched changes are told at most once in this long. */
const quietMs = 16;

/**
 * Replaces the text held for a run and tells whoever shows it: at once, or with `batched`, at
 * once when it comes alone (nothing told for about a frame) and otherwise a frame after the
 * last telling, together with whatever else came meanwhile. A fast model sends a chunk every
 * few milliseconds: telling each rendered the answer (and parsed its last block) several times
 * a frame, when only the last render before a frame is ever painted. A chunk that comes alone
 * renders in its own task: the hop to another one can take long enough on a busy device to
 * miss the frame it could be painted in. (Not in an animation frame: text rendered there is
 * painted in that frame, but frame recorders, the benchmarks' included, see it one frame late.)
 */
export function setAnswerText(
  runId: string,
  answer: AnswerText,
  { notify = 'now' }: { notify?: 'now' | 'batched' } = {},
): void {
  if (answers.get(runId) === answer) return;
  answers.delete(runId);
  answers.set(runId, answer);
  evict();
  if (notify === 'now') {
    tell(runId);
    return;
  }
  const now = performance.now();
  const flushScheduled = notifyLater.size > 0;
  if (!flushScheduled && now - lastToldAt >= quietMs) {
    lastToldAt = now;
    tell(runId);
    return;
  }
  notifyLater.add(runId);
  if (!flushScheduled) setTimeout(flushLater, lastToldAt + quietMs - now);
}

function flushLater() {
  lastToldAt = performance.now();
  const runIds = [...notifyLater];
  notifyLater.clear();
  for (const runId of runIds) tell(runId);
}

function tell(runId: string) {
  for (const listener of listeners.get(runId) ?? []) listener();
}

/** Calls `listener` whenever a run's text changes; returns the unsubscribe. */
export function watchAnswerText(runId: string, listener: () => void): () => void {
  let set = listeners.get(runId);
  if (!set) {
    set = new Set();
    listeners.set(runId, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(runId);
  };
}

function evict() {
  for (const runId of answers.keys()) {
    if (answers.size <= capacity) return;
    if (!listeners.has(runId)) answers.delete(runId);
  }
}
