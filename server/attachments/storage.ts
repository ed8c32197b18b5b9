import { randomBytes } from 'node:crypto';

/** A byte range of a stored file, both ends included (as HTTP's `Range: bytes=start-end`). */
export type ByteRange = { start: number; end: number };

/**
 * Where attachments' bytes live, by key. The Node server keeps them as files under `DATA_DIR`
 * (`file-storage.ts`); a Workers deployment implements the same four calls on R2.
 */
export type AttachmentStorage = {
  /**
   * Stores `body` under `key` and resolves with its size once it is stored whole. Nothing is
   * visible under `key` before then; if `body` errors (too large, the upload broke off), the
   * promise rejects with its error and nothing is left behind. A key is written once.
   */
  put(key: string, body: ReadableStream<Uint8Array>): Promise<number>;
  /** The bytes under `key` (or `range` of them), or undefined when there are none. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | undefined>;
  /**
   * Stores a copy of the bytes under `from` under `to` (a new key), whole or not at all;
   * false when `from` has none. A driver may share the bytes underneath (a reflink), as long
   * as deleting either key leaves the other whole.
   */
  copy(from: string, to: string): Promise<boolean>;
  /** Removes `key`; removing a missing key is no error. */
  delete(key: string): Promise<void>;
};

/**
 * A new storage key for attachment `id`'s bytes: unique to each write, so that two writes for
 * one id (racing uploads, a copy) never land on each other's bytes, and a key is written once.
 */
export const newStorageKey = (id: string) => `${id}.${randomBytes(9).toString('base64url')}`;
