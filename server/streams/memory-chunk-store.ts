import {
  type ChunkNudge,
  type ChunkStore,
  StreamFinishedError,
  StreamGapError,
} from './chunk-store.ts';

type Stream = { chunks: string[]; final: string | null; expiry?: NodeJS.Timeout };

/** The in-process driver: the embedded default for a single server process. */
export function createMemoryChunkStore(): ChunkStore {
  const streams = new Map<string, Stream>();
  const watchers = new Map<string, Set<(nudge: ChunkNudge) => void>>();
  const nudge = (id: string, what: ChunkNudge) => {
    for (const listener of watchers.get(id) ?? []) queueMicrotask(() => listener(what));
  };
  const streamOf = (id: string) => {
    let stream = streams.get(id);
    if (!stream) {
      stream = { chunks: [], final: null };
      streams.set(id, stream);
    }
    return stream;
  };

  return {
    driver: 'memory',
    async append(id, chunk, at) {
      const stream = streamOf(id);
      if (stream.final !== null) throw new StreamFinishedError(`stream ${id} has finished`);
      if (at !== undefined && stream.chunks.length > at) return at;
      if (at !== undefined && stream.chunks.length < at) {
        throw new StreamGapError(`stream ${id} has ${stream.chunks.length} chunks, not ${at}`);
      }
      const offset = stream.chunks.push(chunk) - 1;
      nudge(id, { offset, chunk });
      return offset;
    },
    async read(id, offset, limit) {
      return streams.get(id)?.chunks.slice(offset, offset + limit) ?? [];
    },
    async finish(id, final, graceMs) {
      const stream = streamOf(id);
      stream.final = final;
      clearTimeout(stream.expiry);
      stream.expiry = setTimeout(() => streams.delete(id), graceMs);
      stream.expiry.unref();
      nudge(id, 'final');
    },
    async getFinal(id) {
      return streams.get(id)?.final ?? null;
    },
    async length(id) {
      return streams.get(id)?.chunks.length ?? 0;
    },
    async watch(id, listener) {
      let set = watchers.get(id);
      if (!set) {
        set = new Set();
        watchers.set(id, set);
      }
      const entry = (what: ChunkNudge) => listener(what);
      set.add(entry);
      return async () => {
        set.delete(entry);
        if (set.size === 0) watchers.delete(id);
      };
    },
    async reachable() {
      return true;
    },
    async close() {
      for (const stream of streams.values()) clearTimeout(stream.expiry);
      streams.clear();
      watchers.clear();
    },
  };
}
