import type { PullResponseOKV1 } from 'replicache';
import { type EventResponse, formatEvent, writeHeartbeat } from '../http/event-stream.ts';
import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { fromOf, pokeChannel } from './poke.ts';
import { userVersionCookie } from './protocol.ts';

/** What a poke stream opens with: written with its headers. */
export const pokeStreamOpening = ': connected\n\n';
// Written as they are to every open stream: one shared string, no per-stream formatting.
// An EventSource drops events with empty data, hence a token payload.
const poke = 'event: poke\ndata: poke\n\n';

/** A patch larger than this goes as a plain poke: the device pulls it instead. */
const maxPatchBytes = 64 * 1024;

/**
 * Whether a stream may still be written to. One whose session has ended is ended the moment
 * this process learns of it (auth/session-streams.ts), so this is the last word on whether its
 * session was valid when a poke or patch is written, even one read before the session ended.
 */
const isOpen = (response: EventResponse) => !response.writableEnded && !response.destroyed;

/**
 * What a pull from `from` would answer each group, for `rep.poke`, read once for them all;
 * a group left out (not the user's) is poked instead.
 */
export type PatchesFrom = (
  userId: string,
  groupIds: readonly string[],
  from: number,
) => Promise<Map<string, PullResponseOKV1>>;

/** Each open stream, with the client group it is for (undefined: not said, so poked). */
type UserStreams = {
  responses: Map<EventResponse, string | undefined>;
  unsubscribe: Promise<() => Promise<void>>;
};

/**
 * The open poke streams of this process, written to directly on Node's responses (or their web
 * stand-in, http/web-event-response.ts): one pub/sub
 * subscription per user (not per tab) and one heartbeat timer for all. An idle stream is then
 * little more than its socket, and a poke reaches thousands of them in one synchronous loop
 * (web streams cost a promise chain and much more memory per stream; decision 009).
 */
export function createPokeHub(pubsub: PubSub, heartbeatMs: number, patchesFrom?: PatchesFrom) {
  const users = new Map<string, UserStreams>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const everyStream = (write: (response: EventResponse) => void) => {
    for (const { responses } of users.values())
      for (const response of responses.keys()) {
        write(response);
      }
  };

  /**
   * A change whose starting counter is known goes to the streams of each group as the pull
   * that group would make from `from`, with that group's own clients (its tabs apply it only
   * when that is where they are, and pull otherwise): no round trip for a device that is up
   * to date. A stream is only ever sent its own group's patch; the rest are poked to pull.
   */
  function deliver(userId: string, responses: UserStreams['responses'], from?: number) {
    const byGroup = new Map<string, EventResponse[]>();
    for (const [response, streamGroup] of responses) {
      if (!isOpen(response)) continue;
      const group = from !== undefined && patchesFrom ? streamGroup : undefined;
      if (group === undefined) {
        response.write(poke);
        continue;
      }
      const streams = byGroup.get(group);
      if (streams) streams.push(response);
      else byGroup.set(group, [response]);
    }
    if (byGroup.size > 0) sendPatches(userId, byGroup, from ?? 0);
  }

  function sendPatches(userId: string, byGroup: Map<string, EventResponse[]>, from: number) {
    const write = (streams: EventResponse[], message: string) => {
      for (const response of streams) if (isOpen(response)) response.write(message);
    };
    patchesFrom?.(userId, [...byGroup.keys()], from)
      .then((patches) => {
        for (const [group, streams] of byGroup) {
          const pullResponse = patches.get(group);
          const event =
            pullResponse &&
            formatEvent(
              'patch',
              JSON.stringify({ baseCookie: userVersionCookie(from), pullResponse }),
            );
          write(streams, event && event.length <= maxPatchBytes ? event : poke);
        }
      })
      .catch((error: unknown) => {
        processLog.warn('poke.patches_unreadable', { error: loggableError(error) });
        for (const streams of byGroup.values()) write(streams, poke);
      });
  }

  function streamsOf(userId: string): UserStreams {
    const existing = users.get(userId);
    if (existing) return existing;
    const responses: UserStreams['responses'] = new Map();
    const unsubscribe = pubsub.subscribe(pokeChannel(userId), (message) => {
      deliver(userId, responses, fromOf(message));
    });
    const created = { responses, unsubscribe };
    users.set(userId, created);
    // Pub/sub unreachable (Redis down): end these streams; the browser reconnects and tries again.
    unsubscribe.catch((error: unknown) => {
      processLog.error('poke.subscribe_failed', { error: loggableError(error) });
      if (users.get(userId) === created) users.delete(userId);
      for (const response of responses.keys()) response.end();
    });
    return created;
  }

  return {
    /**
     * Holds `response` (an event stream opened with `pokeStreamOpening`) open as the user's
     * poke stream until the client goes away. A stream for a client `group` (one of the
     * user's) is sent that group's patches; one without is poked.
     */
    attach(userId: string, response: EventResponse, group?: string): void {
      const streams = streamsOf(userId);
      streams.responses.set(response, group);
      timer ??= setInterval(() => everyStream(writeHeartbeat), heartbeatMs);
      response.on('close', () => {
        streams.responses.delete(response);
        if (streams.responses.size === 0 && users.get(userId) === streams) {
          users.delete(userId);
          streams.unsubscribe
            .then((unsubscribe) => unsubscribe())
            .catch(() => {
              // Never subscribed (logged above), or pub/sub is gone: nothing to undo.
            });
        }
        if (users.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      });
    },
  };
}
