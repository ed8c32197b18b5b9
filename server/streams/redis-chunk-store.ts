import { Redis } from 'ioredis';
import { createRedisPubSub } from '../pubsub/redis-pubsub.ts';
import { type ChunkStore, StreamFinishedError } from './chunk-store.ts';

// Layout: a list per stream holds the chunks (RPUSH's new length gives the offset, atomically),
// a string holds the final record, and a pub/sub channel nudges watchers. Lists rather than
// Redis Streams because offsets are plain list indexes, LRANGE reads from any offset, and the
// same layout works over Upstash's REST API (no blocking reads needed).
const chunksKey = (id: string) => `parley:stream:${id}:chunks`;
const finalKey = (id: string) => `parley:stream:${id}:final`;
const nudgeChannel = (id: string) => `parley:stream:${id}:nudge`;

/** A live stream nobody finishes (its process died) still expires after this long. */
const liveTtlMs = 60 * 60 * 1000;

const appendScript = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return length - 1`;

const finishScript = `
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Chunks in Redis over TCP: every server process sharing the Redis can serve any stream. */
export async function createRedisChunkStore(url: string): Promise<ChunkStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const nudges = await createRedisPubSub(url);

  return {
    driver: 'redis',
    async append(id, chunk) {
      const offset = Number(
        await redis.eval(appendScript, 2, chunksKey(id), finalKey(id), chunk, liveTtlMs),
      );
      if (offset < 0) throw new StreamFinishedError(`stream ${id} has finished`);
      await nudges.publish(nudgeChannel(id), String(offset));
      return offset;
    },
    async read(id, offset, limit) {
      if (limit <= 0) return [];
      return redis.lrange(chunksKey(id), offset, offset + limit - 1);
    },
    async finish(id, final, graceMs) {
      await redis.eval(finishScript, 2, chunksKey(id), finalKey(id), final, Math.max(1, graceMs));
      await nudges.publish(nudgeChannel(id), 'final');
    },
    async getFinal(id) {
      return redis.get(finalKey(id));
    },
    async length(id) {
      return redis.llen(chunksKey(id));
    },
    watch(id, listener) {
      return nudges.subscribe(nudgeChannel(id), () => listener());
    },
    async close() {
      await nudges.close();
      await redis.quit().catch(() => {});
    },
  };
}
