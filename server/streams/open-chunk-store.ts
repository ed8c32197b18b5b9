import type { ChunkStore } from './chunk-store.ts';
import { createMemoryChunkStore } from './memory-chunk-store.ts';
import { createRedisChunkStore } from './redis-chunk-store.ts';

/** Redis when `REDIS_URL` is set, otherwise the in-process driver. */
export function openChunkStore(redisUrl: string | undefined): Promise<ChunkStore> {
  return redisUrl ? createRedisChunkStore(redisUrl) : Promise.resolve(createMemoryChunkStore());
}
