// How chunks are laid out in Redis, shared by the drivers that reach it over TCP and over
// Upstash's REST API: one layout, so processes on either driver serve each other's streams.
//
// A list per stream holds the chunks (RPUSH's new length gives the offset, atomically), a
// string holds the final record, and a pub/sub channel nudges watchers with each chunk and its
// offset (published by the same script: one round trip per append, and a watcher that is in
// step needs no read at all). Lists rather than Redis Streams because offsets are plain list
// indexes, LRANGE reads from any offset, and no blocking read is needed (Upstash has none).
import { type ChunkNudge, StreamFinishedError, StreamGapError } from './chunk-store.ts';

export const chunksKey = (id: string) => `parley:stream:${id}:chunks`;
export const finalKey = (id: string) => `parley:stream:${id}:final`;
export const nudgeChannel = (id: string) => `parley:stream:${id}:nudge`;

/** A live stream nobody finishes (its process died) still expires after this long. */
export const liveTtlMs = 60 * 60 * 1000;

/**
 * Appends ARGV[1] to KEYS[1] unless KEYS[2] (the final record) exists (-1). ARGV[4], when not
 * empty, is the offset the chunk must take: a repeat of an append that landed changes nothing,
 * and a stream shorter than that has lost chunks (-2). Publishes the nudge on ARGV[3].
 *
 * With `oneLineNudges`, a chunk holding a line break is nudged escaped (`<offset>;<escaped>`):
 * Upstash delivers messages as lines of a server-sent event stream.
 */
export function appendScript({ oneLineNudges }: { oneLineNudges: boolean }): string {
  const nudge = oneLineNudges
    ? String.raw`
local nudge = offset .. ':' .. ARGV[1]
if string.find(ARGV[1], '[\r\n]') then
  nudge = offset .. ';' .. (string.gsub(ARGV[1], '[\\\r\n]', {['\\'] = '\\\\', ['\r'] = '\\r', ['\n'] = '\\n'}))
end`
    : `
local nudge = offset .. ':' .. ARGV[1]`;
  return `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if ARGV[4] ~= '' then
  local at = tonumber(ARGV[4])
  local length = redis.call('LLEN', KEYS[1])
  if length > at then return at end
  if length < at then return -2 end
end
local offset = redis.call('RPUSH', KEYS[1], ARGV[1]) - 1
redis.call('PEXPIRE', KEYS[1], ARGV[2])${nudge}
redis.call('PUBLISH', ARGV[3], nudge)
return offset`;
}

/** The offset an append script answered, or the error its -1 (finished) or -2 (a gap) means. */
export function appendedOffset(answer: unknown, id: string, at: number | undefined): number {
  const offset = Number(answer);
  if (offset === -1) throw new StreamFinishedError(`stream ${id} has finished`);
  if (offset === -2) throw new StreamGapError(`stream ${id} has fewer than ${at} chunks`);
  return offset;
}

/** Sets KEYS[2] to ARGV[1], lets both keys expire after ARGV[2] ms, and nudges `final`. */
export const finishScript = `
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'final')
return 1`;

const escapes: Record<string, string> = { '\\': '\\', r: '\r', n: '\n' };

/** A nudge as published: `final`, `<offset>:<chunk>`, or `<offset>;<chunk escaped>`. */
export function parseNudge(message: string): ChunkNudge | null {
  if (message === 'final') return 'final';
  const match = /^(\d+)([:;])/.exec(message);
  if (!match) return null;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset)) return null;
  const rest = message.slice(match[0].length);
  const chunk =
    match[2] === ':' ? rest : rest.replace(/\\([\\rn])/g, (_, c: string) => escapes[c] ?? c);
  return { offset, chunk };
}
