import type { AttachmentStorage } from './storage.ts';

/** The part of a Workers R2 bucket binding this storage uses. */
export type R2BucketLike = {
  put(key: string, value: ArrayBuffer | Uint8Array): Promise<unknown>;
  get(
    key: string,
    options?: { range?: { offset: number; length: number } },
  ): Promise<{ body: ReadableStream<Uint8Array>; arrayBuffer(): Promise<ArrayBuffer> } | null>;
  delete(key: string): Promise<void>;
  createMultipartUpload(key: string): Promise<R2MultipartUploadLike>;
};

type R2MultipartUploadLike = {
  uploadPart(partNumber: number, value: Uint8Array): Promise<{ partNumber: number; etag: string }>;
  complete(parts: { partNumber: number; etag: string }[]): Promise<unknown>;
  abort(): Promise<void>;
};

/**
 * R2 takes a part of a multipart upload only if it is at least 5 MiB (all but the last) and
 * every such part is the same size: bodies are cut into parts of this size.
 */
const partBytes = 8 * 1024 * 1024;

/**
 * Attachments in an R2 bucket (the Workers deployment). R2 needs each body's length before it
 * is sent and an upload's length is known only at its end, so a body is read into parts of
 * 8 MiB: a small file is one `put`, a larger one a multipart upload, completed only once the
 * body ended well (nothing is visible under the key before). At most one part is in memory.
 */
export function r2Storage(bucket: R2BucketLike): AttachmentStorage {
  return {
    async put(key, body) {
      const reader = body.getReader();
      let upload: R2MultipartUploadLike | undefined;
      const parts: { partNumber: number; etag: string }[] = [];
      let size = 0;
      try {
        for (;;) {
          const part = await readPart(reader);
          size += part.bytes.byteLength;
          if (part.last && upload === undefined) {
            await bucket.put(key, part.bytes);
            return size;
          }
          upload ??= await bucket.createMultipartUpload(key);
          if (part.bytes.byteLength > 0 || parts.length === 0)
            parts.push(await upload.uploadPart(parts.length + 1, part.bytes));
          if (part.last) {
            await upload.complete(parts);
            return size;
          }
        }
      } catch (error) {
        await upload?.abort().catch(() => {});
        reader.releaseLock();
        await body.cancel(error).catch(() => {});
        throw error;
      }
    },

    async get(key, range) {
      const object = await bucket.get(
        key,
        range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : {},
      );
      return object?.body ?? undefined;
    },

    async copy(from, to) {
      const object = await bucket.get(from);
      if (!object) return false;
      await bucket.put(to, new Uint8Array(await object.arrayBuffer()));
      return true;
    },

    async delete(key) {
      await bucket.delete(key);
    },
  };
}

/** The next `partBytes` of the body (fewer only at its end), and whether the body ended. */
async function readPart(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ bytes: Uint8Array; last: boolean }> {
  const bytes = new Uint8Array(partBytes);
  let filled = 0;
  let pending: Uint8Array | undefined = takeCarry(reader);
  for (;;) {
    if (pending === undefined) {
      const { done, value } = await reader.read();
      if (done) return { bytes: bytes.subarray(0, filled), last: true };
      pending = value;
    }
    const room = partBytes - filled;
    bytes.set(pending.subarray(0, room), filled);
    filled += Math.min(room, pending.byteLength);
    if (pending.byteLength > room) {
      carry.set(reader, pending.subarray(room));
      return { bytes, last: false };
    }
    pending = undefined;
    if (filled === partBytes) return { bytes, last: false };
  }
}

/** Bytes read past the end of a part, kept for the next one. */
const carry = new WeakMap<ReadableStreamDefaultReader<Uint8Array>, Uint8Array>();

function takeCarry(reader: ReadableStreamDefaultReader<Uint8Array>): Uint8Array | undefined {
  const bytes = carry.get(reader);
  carry.delete(reader);
  return bytes;
}
