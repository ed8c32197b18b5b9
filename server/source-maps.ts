import { findSourceMap } from 'node:module';

/**
 * The files on an answer's path whose source maps are large: the server bundle and the AI SDK
 * with its provider (the SDK's map alone is 1.9 MB).
 */
const answerPath = ['ai', '@ai-sdk/provider-utils', '@openrouter/ai-sdk-provider'];

/**
 * Decodes those source maps now. With `--enable-source-maps` (as `npm start` runs) Node decodes
 * a file's map at the first stack trace through that file, once per process; the first answer
 * to end makes one (the AI SDK releases its reader), and decoding the SDK's map there took
 * 17-28 ms in the middle of every other stream's delivery (`token.redis.server_p99_ms`). Done
 * at start instead, it costs the same time and memory once, before anyone is waiting.
 */
export function decodeAnswerPathSourceMaps(): void {
  if (!process.sourceMapsEnabled) return;
  findSourceMap(import.meta.url);
  for (const specifier of answerPath) {
    try {
      findSourceMap(import.meta.resolve(specifier));
    } catch {
      // Not resolvable from here (a package layout we do not know): its map decodes lazily.
    }
  }
}
