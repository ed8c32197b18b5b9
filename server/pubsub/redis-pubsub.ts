import { mayHaveMissed, type PubSub, type PubSubListener, tellListener } from './pubsub.ts';
import { connectRedis, redisAnswers } from './redis-connection.ts';

/**
 * Redis pub/sub over TCP: pokes reach every server process sharing the Redis. One connection
 * publishes, one subscribes; local listeners share one Redis subscription per channel. When
 * Redis comes back after an outage, every listener hears `mayHaveMissed`.
 */
export async function createRedisPubSub(url: string): Promise<PubSub> {
  const channels = new Map<string, Set<PubSubListener>>();
  const tell = (channel: string, message: string) => {
    for (const listener of channels.get(channel) ?? []) tellListener('redis', listener, message);
  };
  const publisher = await connectRedis(url, 'commands');
  const subscriber = await connectRedis(url, 'subscriber', () => {
    for (const channel of channels.keys()) tell(channel, mayHaveMissed);
  }).catch(async (error: unknown) => {
    publisher.disconnect();
    throw error;
  });
  subscriber.on('message', tell);

  return {
    driver: 'redis',
    async publish(channel, message) {
      // Fails at once while Redis is away (no offline queue): a notice is worth nothing late.
      if (publisher.status !== 'ready')
        throw new Error(`Redis is out of reach (${publisher.status})`);
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
      const forget = () => {
        listeners.delete(entry);
        if (listeners.size === 0 && channels.get(channel) === listeners) {
          channels.delete(channel);
          return true;
        }
        return false;
      };
      if (listeners.size === 1) {
        // Not subscribed after all (Redis away too long): the next subscriber must try again.
        await subscriber.subscribe(channel).catch((error: unknown) => {
          forget();
          throw error;
        });
      }
      return async () => {
        if (forget()) await subscriber.unsubscribe(channel);
      };
    },
    async reachable() {
      return subscriber.status === 'ready' && (await redisAnswers(publisher));
    },
    async close() {
      channels.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
