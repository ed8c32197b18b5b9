import type { EventResponse } from '../http/event-stream.ts';
import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';

/** Which of `tokens` name sessions that are still valid: their row is there and not expired. */
export type ValidTokens = (tokens: readonly string[]) => Promise<Set<string>>;

/** How often the sessions of open streams are looked up again, all in one query. */
const checkEveryMs = 2_000;

/**
 * The long-lived responses of this process (poke and answer streams), each with the session
 * it was opened by. `end(token)` ends that session's streams at once: a deletion announced by
 * Better Auth's hook reaches every process that way. As a backstop (an announcement lost, a
 * row deleted by hand, a session past its expiry), the sessions of all open streams are
 * looked up together every `checkEveryMs`, and those gone are passed to `onEnded`.
 *
 * A stream costs one map entry and a listener shared by all: the poke hub holds thousands of
 * idle streams, and no timer or closure is made per stream.
 */
export function createSessionStreams(validTokens: ValidTokens, onEnded: (token: string) => void) {
  const tokenOf = new Map<EventResponse, string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let checking = false;

  function release(this: EventResponse): void {
    tokenOf.delete(this);
    if (tokenOf.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  async function check(): Promise<void> {
    if (checking) return;
    checking = true;
    try {
      const tokens = [...new Set(tokenOf.values())];
      const valid = await validTokens(tokens);
      for (const token of tokens) if (!valid.has(token)) onEnded(token);
    } catch (error) {
      // Not worth a word once every stream has gone (the server is closing); otherwise the
      // next round tries again.
      if (tokenOf.size > 0)
        processLog.warn('auth.session_check_failed', { error: loggableError(error) });
    } finally {
      checking = false;
    }
  }

  return {
    /** Ties `response` to the session `token`, until the response closes. */
    hold(token: string, response: EventResponse): void {
      if (response.destroyed) return;
      tokenOf.set(response, token);
      response.on('close', release);
      timer ??= setInterval(() => void check(), checkEveryMs);
    },
    /**
     * Ends the streams of a session that is no longer valid. Nothing can be written to them
     * from here on (writers check `writableEnded`); what was written before still goes out,
     * unless the reader is stalled, in which case a second call cuts the connection.
     */
    end(token: string): void {
      for (const [response, held] of tokenOf) {
        if (held !== token) continue;
        if (response.writableEnded) response.destroy();
        else response.end();
      }
    },
  };
}
