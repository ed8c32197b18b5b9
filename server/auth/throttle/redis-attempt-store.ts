import { connectRedis } from '../../pubsub/redis-connection.ts';
import type { AttemptStore } from './attempt-store.ts';

// One counter per key, created with the window's expiry: Redis ends the window itself.
// Returns {1} when counted, {0, ms left} when the limit is reached.
const takeScript = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then return {0, left} end
  redis.call('DEL', KEYS[1])
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1}`;

// Never below nothing, and never turning an ended window back into a live one without expiry.
const giveBackScript = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1`;

/**
 * Attempts counted in Redis, shared by every server process using it. `prefix` keeps them
 * apart from other data (and other deployments) in the same Redis.
 */
export async function createRedisAttemptStore(
  url: string,
  prefix = 'parley:auth-attempts:',
): Promise<AttemptStore> {
  // While Redis is away a take fails at once, and so does the sign-in: better no sign-ins
  // for a while than guesses that nobody counts.
  const redis = await connectRedis(url, 'commands');
  return {
    driver: 'redis',
    async take(key, limit, windowMs) {
      const reply = await redis.eval(takeScript, 1, prefix + key, limit, windowMs);
      if (!Array.isArray(reply)) throw new Error('the attempt script answered with no list');
      const [counted, left] = reply;
      if (counted === 1) return { allowed: true };
      return { allowed: false, retryAfterMs: typeof left === 'number' ? left : windowMs };
    },
    async giveBack(key) {
      await redis.eval(giveBackScript, 1, prefix + key);
    },
    async clear(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
