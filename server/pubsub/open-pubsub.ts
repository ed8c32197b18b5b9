import { createMemoryPubSub } from './memory-pubsub.ts';
import type { PubSub } from './pubsub.ts';
import { createRedisPubSub } from './redis-pubsub.ts';
import { type UpstashOptions, upstashMustAnswer } from './upstash-connection.ts';
import { createUpstashPubSub } from './upstash-pubsub.ts';

/**
 * Redis when `REDIS_URL` is set, Upstash's REST API when `UPSTASH_REDIS_REST_*` are (once it
 * answers), otherwise the in-process driver.
 */
export async function openPubSub(
  redisUrl: string | undefined,
  upstash?: UpstashOptions | undefined,
): Promise<PubSub> {
  if (redisUrl) return createRedisPubSub(redisUrl);
  if (upstash) {
    await upstashMustAnswer(upstash);
    return createUpstashPubSub(upstash);
  }
  return createMemoryPubSub();
}
