import { connectRedis, redisAnswers } from '../pubsub/redis-connection.ts';
import { createRedisPubSub } from '../pubsub/redis-pubsub.ts';
import {
  type ChunkNudge,
  type ChunkStore,
  StreamFinishedError,
  StreamGapError,
} from './chunk-store.ts';

// Layout: a list per stream holds the chunks (RPUSH's new length gives the offset, atomically),
// a string holds the final record, and a pub/sub channel nudges watchers with each chunk and
// its offset (published by the same script: one round trip per append, and a watcher that is
// in step needs no read at all). Lists rather than
// Redis Streams because offsets are plain list indexes, LRANGE reads from any offset, and the
// same layout works over Upstash's REST API (no blocking reads needed).
const chunksKey = (id: string) => `parley:stream:${id}:chunks`;
const finalKey = (id: string) => `parley:stream:${id}:final`;
const nudgeChannel = (id: string) => `parley:stream:${id}:nudge`;

/** A live stream nobody finishes (its process died) still expires after this long. */
const liveTtlMs = 60 * 60 * 1000;

// ARGV[4], when not empty, is the offset the chunk must take: a repeat of an append that
// landed changes nothing, and a stream shorter than that has lost chunks (-2).
const appendScript = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if ARGV[4] ~= '' then
  local at = tonumber(ARGV[4])
  local length = redis.call('LLEN', KEYS[1])
  if length > at then return at end
  if length < at then return -2 end
end
local offset = redis.call('RPUSH', KEYS[1], ARGV[1]) - 1
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], offset .. ':' .. ARGV[1])
return offset`;

const finishScript = `
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'final')
return 1`;

/** A nudge as published: `final`, or `<offset>:<chunk>`. */
function parseNudge(message: string): ChunkNudge | null {
  if (message === 'final') return 'final';
  const colon = message.indexOf(':');
  const offset = Number(message.slice(0, colon));
  return colon > 0 && Number.isSafeInteger(offset)
    ? { offset, chunk: message.slice(colon + 1) }
    : null;
}

/** Chunks in Redis over TCP: every server process sharing the Redis can serve any stream. */
export async function createRedisChunkStore(url: string): Promise<ChunkStore> {
  const redis = await connectRedis(url, 'commands');
  // Loaded once; a Redis restart forgets it, so a NOSCRIPT reply loads it again.
  let appendSha = String(await redis.script('LOAD', appendScript));
  const runAppend = async (id: string, chunk: string, at: number | undefined) => {
    const args = [
      2,
      chunksKey(id),
      finalKey(id),
      chunk,
      liveTtlMs,
      nudgeChannel(id),
      at === undefined ? '' : String(at),
    ] as const;
    try {
      return await redis.evalsha(appendSha, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      appendSha = String(await redis.script('LOAD', appendScript));
      return redis.evalsha(appendSha, ...args);
    }
  };
  const nudges = await createRedisPubSub(url).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });

  return {
    driver: 'redis',
    async append(id, chunk, at) {
      const offset = Number(await runAppend(id, chunk, at));
      if (offset === -1) throw new StreamFinishedError(`stream ${id} has finished`);
      if (offset === -2) throw new StreamGapError(`stream ${id} has fewer than ${at} chunks`);
      return offset;
    },
    async read(id, offset, limit) {
      if (limit <= 0) return [];
      return redis.lrange(chunksKey(id), offset, offset + limit - 1);
    },
    async finish(id, final, graceMs) {
      await redis.eval(
        finishScript,
        2,
        chunksKey(id),
        finalKey(id),
        final,
        Math.max(1, graceMs),
        nudgeChannel(id),
      );
    },
    async getFinal(id) {
      return redis.get(finalKey(id));
    },
    async length(id) {
      return redis.llen(chunksKey(id));
    },
    watch(id, listener) {
      return nudges.subscribe(nudgeChannel(id), (message) => {
        const nudge = parseNudge(message);
        if (nudge !== null) listener(nudge);
      });
    },
    async reachable() {
      return (await redisAnswers(redis)) && (await nudges.reachable());
    },
    async close() {
      await nudges.close();
      await redis.quit().catch(() => {});
    },
  };
}
