import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import type { PubSub, PubSubListener } from './pubsub.ts';

/** The in-process driver: enough for one server process, the embedded default. */
export function createMemoryPubSub(): PubSub {
  const channels = new Map<string, Set<PubSubListener>>();
  return {
    driver: 'memory',
    async publish(channel, message) {
      for (const listener of channels.get(channel) ?? []) {
        // A throwing listener must not stop the others from hearing it.
        try {
          listener(message);
        } catch (error) {
          processLog.error('pubsub.listener_failed', {
            driver: 'memory',
            error: loggableError(error),
          });
        }
      }
    },
    async subscribe(channel, listener) {
      let listeners = channels.get(channel);
      if (!listeners) {
        listeners = new Set();
        channels.set(channel, listeners);
      }
      // Wrap so the same function subscribed twice counts twice.
      const entry: PubSubListener = (message) => listener(message);
      listeners.add(entry);
      return async () => {
        listeners.delete(entry);
        if (listeners.size === 0) channels.delete(channel);
      };
    },
    async reachable() {
      return true;
    },
    async close() {
      channels.clear();
    },
  };
}
