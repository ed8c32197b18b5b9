import { Redis } from 'ioredis';
import type { PubSub, PubSubListener } from './pubsub.ts';

/**
 * Redis pub/sub over TCP: pokes reach every server process sharing the Redis. One connection
 * publishes, one subscribes; local listeners share one Redis subscription per channel.
 */
export async function createRedisPubSub(url: string): Promise<PubSub> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 3 } as const;
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  await Promise.all([publisher.connect(), subscriber.connect()]);

  const channels = new Map<string, Set<PubSubListener>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of channels.get(channel) ?? []) {
      try {
        listener(message);
      } catch (error) {
        console.error('[pubsub] listener failed', error);
      }
    }
  });

  return {
    driver: 'redis',
    async publish(channel, message) {
      await publisher.publish(channel, message);
    },
    async subscribe(channel, listener) {
      let listeners = channels.get(channel);
      if (!listeners) {
        listeners = new Set();
        channels.set(channel, listeners);
      }
      const entry: PubSubListener = (message) => listener(message);
      listeners.add(entry);
      if (listeners.size === 1) await subscriber.subscribe(channel);
      return async () => {
        listeners.delete(entry);
        if (listeners.size === 0 && channels.get(channel) === listeners) {
          channels.delete(channel);
          await subscriber.unsubscribe(channel);
        }
      };
    },
    async close() {
      channels.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
