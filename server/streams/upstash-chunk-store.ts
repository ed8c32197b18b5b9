import type { UpstashOptions } from '../pubsub/upstash-connection.ts';
import { upstashAnswers, upstashCommands } from '../pubsub/upstash-connection.ts';
import { createUpstashPubSub } from '../pubsub/upstash-pubsub.ts';
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

/**
 * Chunks in Redis through Upstash's REST API, for runtimes without TCP (Cloudflare Workers),
 * laid out as the Redis TCP driver lays them out. An append is one request (a script that
 * appends, refreshes the expiry and nudges), a read one request of at most a page; a watch is
 * one server-sent event stream. Nudges are single lines: a chunk holding a line break travels
 * escaped.
 */
export async function createUpstashChunkStore(options: UpstashOptions): Promise<ChunkStore> {
  const redis = upstashCommands(options);
  // EVALSHA first, the whole script only when Upstash does not know it yet.
  const append = redis.createScript<number>(appendScript({ oneLineNudges: true }));
  const finish = redis.createScript<number>(finishScript);
  const nudges = await createUpstashPubSub(options);

  return {
    driver: 'upstash',
    async append(id, chunk, at) {
      return appendedOffset(
        await append.exec(
          [chunksKey(id), finalKey(id)],
          [chunk, String(liveTtlMs), nudgeChannel(id), at === undefined ? '' : String(at)],
        ),
        id,
        at,
      );
    },
    async read(id, offset, limit) {
      if (limit <= 0) return [];
      return redis.lrange(chunksKey(id), offset, offset + limit - 1);
    },
    async finish(id, final, graceMs) {
      await finish.exec(
        [chunksKey(id), finalKey(id)],
        [final, String(Math.max(1, graceMs)), nudgeChannel(id)],
      );
    },
    async getFinal(id) {
      return redis.get<string>(finalKey(id));
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
    reachable: () => upstashAnswers(redis),
    close: () => nudges.close(),
  };
}
