import { Redis } from 'ioredis';
import { processLog } from '../observability/process-log.ts';
import { safeAddress } from '../start-up-error.ts';

/**
 * How long a command may wait for an answer. A Redis that stops answering must not hold a
 * request, or an answer's run, for longer than this.
 */
const commandTimeoutMs = 2_000;

/**
 * What a connection is for. `commands` connections fail a command at once while Redis is
 * away (their callers retry, or treat what they sent as a hint); a `subscriber` queues its
 * subscriptions until Redis is back, and ioredis renews the live ones on reconnecting.
 */
export type RedisRole = 'commands' | 'subscriber';

/**
 * One connection to Redis that rides out an outage: it reconnects by itself, says once that it
 * lost Redis and once that it is back (rather than an error event on every attempt), and calls
 * `onResume` each time it is back. Rejects, leaving nothing retrying behind, when the first
 * connection fails, with the reason in the error's message.
 */
export async function connectRedis(
  url: string,
  role: RedisRole,
  onResume?: () => void,
): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: role === 'subscriber',
    commandTimeout: role === 'commands' ? commandTimeoutMs : undefined,
  });
  const where = safeAddress(url);
  let lastError: Error | undefined;
  let connected = false;
  let lost = false;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  // Scheduled after a lost connection, never after `quit()`: the one place to say it once.
  redis.on('reconnecting', () => {
    if (!connected || lost) return;
    lost = true;
    processLog.warn('redis.reconnecting', { address: where, role, error: lastError?.message });
  });
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    processLog.info('redis.reconnected', { address: where, role });
    onResume?.();
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw lastError ?? error;
  }
  connected = true;
  return redis;
}

/** Whether the connection is up and Redis answers (within the command timeout). */
export async function redisAnswers(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return redis.ping().then(
    () => true,
    () => false,
  );
}
