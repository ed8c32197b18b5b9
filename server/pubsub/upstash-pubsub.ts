import { mayHaveMissed, type PubSub, type PubSubListener, tellListener } from './pubsub.ts';
import {
  type UpstashOptions,
  upstashAnswers,
  upstashCommands,
  upstashSubscription,
} from './upstash-connection.ts';

/**
 * Redis pub/sub through Upstash's REST API, for runtimes without TCP (Cloudflare Workers):
 * a publish is one request, a subscription one server-sent event stream held open for as long
 * as it lasts. Messages are single lines (the stream's framing: pokes and ids are), and when a
 * lost stream is back every listener on it hears `mayHaveMissed`.
 */
export function createUpstashPubSub(options: UpstashOptions): Promise<PubSub> {
  const redis = upstashCommands(options);
  const live = new Set<() => Promise<void>>();
  return Promise.resolve({
    driver: 'upstash',
    async publish(channel, message) {
      if (/[\r\n]/.test(message)) throw new Error('a pub/sub message is one line');
      await redis.publish(channel, message);
    },
    async subscribe(channel, listener: PubSubListener) {
      const tell = (message: string) => tellListener('upstash', listener, message);
      const end = await upstashSubscription(options, channel, tell, () => tell(mayHaveMissed));
      live.add(end);
      return async () => {
        live.delete(end);
        await end();
      };
    },
    reachable: () => upstashAnswers(redis),
    async close() {
      const ends = [...live];
      live.clear();
      await Promise.all(ends.map((end) => end()));
    },
  });
}
