import { createMemoryPubSub } from './memory-pubsub.ts';
import type { PubSub } from './pubsub.ts';
import { createRedisPubSub } from './redis-pubsub.ts';

/** Redis when `REDIS_URL` is set, otherwise the in-process driver. */
export function openPubSub(redisUrl: string | undefined): Promise<PubSub> {
  return redisUrl ? createRedisPubSub(redisUrl) : Promise.resolve(createMemoryPubSub());
}
