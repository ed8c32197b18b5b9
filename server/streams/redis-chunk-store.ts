import { connectRedis, redisAnswers } from '../pubsub/redis-connection.ts';
import { createRedisPubSub } from '../pubsub/redis-pubsub.ts';
import type { ChunkStore } from './chunk-store.ts';
import {
  appendedOffset,
  appendScript,
  chunksKey,
  finalKey,
  finishScript,
  liveTtlMs,
  nudgeChannel,
  parseNudge,
} from './redis-layout.ts';

// The Redis TCP driver publishes chunks as they are: its subscribers read no line framing.
const appendSource = appendScript({ oneLineNudges: false });

/** Chunks in Redis over TCP: every server process sharing the Redis can serve any stream. */
export async function createRedisChunkStore(url: string): Promise<ChunkStore> {
  const redis = await connectRedis(url, 'commands');
  // Loaded once; a Redis restart forgets it, so a NOSCRIPT reply loads it again.
  let appendSha = String(await redis.script('LOAD', appendSource));
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
      appendSha = String(await redis.script('LOAD', appendSource));
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
      return appendedOffset(await runAppend(id, chunk, at), id, at);
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
