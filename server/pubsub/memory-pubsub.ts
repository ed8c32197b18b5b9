import { createLocalListeners } from './local-listeners.ts';
import type { PubSub } from './pubsub.ts';

/** The in-process driver: enough for one server process, the embedded default. */
export function createMemoryPubSub(): PubSub {
  const local = createLocalListeners('memory');
  return {
    driver: 'memory',
    async publish(channel, message) {
      local.tell(channel, message);
    },
    async subscribe(channel, listener) {
      const { remove } = local.add(channel, listener);
      return async () => {
        remove();
      };
    },
    async reachable() {
      return true;
    },
    async close() {
      local.clear();
    },
  };
}
