import { createLocalListeners } from './local-listeners.ts';
import { mayHaveMissed, type PubSub } from './pubsub.ts';
import { connectRedis, redisAnswers } from './redis-connection.ts';

/**
 * Redis pub/sub over TCP: pokes reach every server process sharing the Redis. One connection
 * publishes, one subscribes; local listeners share one Redis subscription per channel. When
 * Redis comes back after an outage, every listener hears `mayHaveMissed`.
 */
export async function createRedisPubSub(url: string): Promise<PubSub> {
  const local = createLocalListeners('redis');
  const publisher = await connectRedis(url, 'commands');
  const subscriber = await connectRedis(url, 'subscriber', () => {
    for (const channel of local.channels()) local.tell(channel, mayHaveMissed);
  }).catch(async (error: unknown) => {
    publisher.disconnect();
    throw error;
  });
  subscriber.on('message', local.tell);

  return {
    driver: 'redis',
    async publish(channel, message) {
      // Fails at once while Redis is away (no offline queue): a notice is worth nothing late.
      if (publisher.status !== 'ready')
        throw new Error(`Redis is out of reach (${publisher.status})`);
      await publisher.publish(channel, message);
    },
    async subscribe(channel, listener) {
      const { first, remove } = local.add(channel, listener);
      if (first) {
        // Not subscribed after all (Redis away too long): the next subscriber must try again.
        await subscriber.subscribe(channel).catch((error: unknown) => {
          remove();
          throw error;
        });
      }
      return async () => {
        if (remove()) await subscriber.unsubscribe(channel);
      };
    },
    async reachable() {
      return subscriber.status === 'ready' && (await redisAnswers(publisher));
    },
    async close() {
      local.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
