import type { ServerResponse } from 'node:http';
import { startEventStream, writeHeartbeat } from '../http/event-stream.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { pokeChannel } from './poke.ts';

// Written as they are to every open stream: one shared string, no per-stream formatting.
const connected = ': connected\n\n';
// An EventSource drops events with empty data, hence a token payload.
const poke = 'event: poke\ndata: poke\n\n';

type UserStreams = { responses: Set<ServerResponse>; unsubscribe: Promise<() => Promise<void>> };

/**
 * The open poke streams of this process, written to directly on Node's responses: one pub/sub
 * subscription per user (not per tab) and one heartbeat timer for all. An idle stream is then
 * little more than its socket, and a poke reaches thousands of them in one synchronous loop
 * (web streams cost a promise chain and tens of KB per stream; see docs/decisions/005).
 */
export function createPokeHub(pubsub: PubSub, heartbeatMs: number) {
  const users = new Map<string, UserStreams>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const everyStream = (write: (response: ServerResponse) => void) => {
    for (const { responses } of users.values()) for (const response of responses) write(response);
  };

  function streamsOf(userId: string): UserStreams {
    const existing = users.get(userId);
    if (existing) return existing;
    const responses = new Set<ServerResponse>();
    const unsubscribe = pubsub.subscribe(pokeChannel(userId), () => {
      for (const response of responses) response.write(poke);
    });
    const created = { responses, unsubscribe };
    users.set(userId, created);
    // Pub/sub unreachable (Redis down): end these streams; the browser reconnects and tries again.
    unsubscribe.catch((error: unknown) => {
      console.error('[poke] could not subscribe', error);
      if (users.get(userId) === created) users.delete(userId);
      for (const response of responses) response.end();
    });
    return created;
  }

  return {
    /** Holds `response` open as the user's poke stream until the client goes away. */
    attach(userId: string, response: ServerResponse): void {
      startEventStream(response, connected);
      const streams = streamsOf(userId);
      streams.responses.add(response);
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
