import { type PubSub, type PubSubListener, tellListener } from './pubsub.ts';

/** The in-process driver: enough for one server process, the embedded default. */
export function createMemoryPubSub(): PubSub {
  const channels = new Map<string, Set<PubSubListener>>();
  return {
    driver: 'memory',
    async publish(channel, message) {
      for (const listener of channels.get(channel) ?? []) tellListener('memory', listener, message);
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
