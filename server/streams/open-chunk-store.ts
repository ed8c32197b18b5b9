import { type UpstashOptions, upstashMustAnswer } from '../pubsub/upstash-connection.ts';
import type { ChunkStore } from './chunk-store.ts';
import { createMemoryChunkStore } from './memory-chunk-store.ts';
import { createRedisChunkStore } from './redis-chunk-store.ts';
import { createUpstashChunkStore } from './upstash-chunk-store.ts';

/**
 * Redis when `REDIS_URL` is set, Upstash's REST API when `UPSTASH_REDIS_REST_*` are (once it
 * answers), otherwise the in-process driver.
 */
export async function openChunkStore(
  redisUrl: string | undefined,
  upstash?: UpstashOptions | undefined,
): Promise<ChunkStore> {
  if (redisUrl) return createRedisChunkStore(redisUrl);
  if (upstash) {
    await upstashMustAnswer(upstash);
    return createUpstashChunkStore(upstash);
  }
  return createMemoryChunkStore();
}
