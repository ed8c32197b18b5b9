import type { AttemptStore } from '../auth/throttle/attempt-store.ts';
import type { MessageLimits } from '../config/config.ts';
import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';

/** Why a run may not start: its answer's error, and when the limit that refused it resets. */
export type RunRefusal = { error: string; limitResetsAt: Date };

/** Whether a person's answer may start now; null: it may (and has been counted). */
export type RunAdmission = (userId: string, modelId: string) => Promise<RunRefusal | null>;

/** Where a person's answers on the operator's key are counted in the attempt store. */
export const messageCountKeys = (userId: string) => ({
  byDay: `messages:day:${userId}`,
  byHour: `messages:hour:${userId}`,
});

const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;

/**
 * The message limits on the operator's key: every answer that starts on it (a retry too) is
 * counted per person in an hourly and a daily window, each opening with the first answer
 * counted in it. Answers the operator does not pay for (the demo model, a person's own key)
 * are neither counted nor refused. Counts live in the attempt store, so every process that
 * shares it (Redis, Postgres) shares the limits.
 *
 * A store that cannot be reached lets the answer through: the limits guard the operator's
 * spending over hours, and a few answers uncounted during an outage matter less than refusing
 * everybody's.
 */
export function createMessageLimits(options: {
  store: AttemptStore;
  limits: MessageLimits;
  /** Whether the operator's key pays for this person's answer from this model. */
  operatorPays: (userId: string, modelId: string) => Promise<boolean>;
  now?: (() => number) | undefined;
}): RunAdmission {
  const { store, limits } = options;
  const now = options.now ?? Date.now;
  let storeFailing = false;

  async function count(userId: string): Promise<RunRefusal | null> {
    const { byDay, byHour } = messageCountKeys(userId);
    // The day first: when both are used up, the person hears of the later reset.
    const day = await store.take(byDay, limits.perDay, dayMs);
    if (!day.allowed) return refusal(limits.perDay, 'a day', now() + day.retryAfterMs);
    const hour = await store.take(byHour, limits.perHour, hourMs);
    if (hour.allowed) return null;
    // Not started after all: it does not use up the day.
    await store.giveBack(byDay);
    return refusal(limits.perHour, 'an hour', now() + hour.retryAfterMs);
  }

  return async (userId, modelId) => {
    if (!(await options.operatorPays(userId, modelId))) return null;
    try {
      const verdict = await count(userId);
      storeFailing = false;
      return verdict;
    } catch (error) {
      if (!storeFailing) {
        processLog.warn('limits.messages_uncounted', { error: loggableError(error) });
      }
      storeFailing = true;
      return null;
    }
  };
}

function refusal(limit: number, per: string, resetsAt: number): RunRefusal {
  const messages = limit === 1 ? 'message' : 'messages';
  return {
    // The page adds when it resets, in the person's own time, after the first sentence.
    error:
      `You've reached the limit of ${limit} ${messages} ${per} on this server's key. ` +
      'Add your own key in Settings to keep going.',
    limitResetsAt: new Date(resetsAt),
  };
}
