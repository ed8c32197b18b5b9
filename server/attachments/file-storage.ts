import { randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import {
  copyFile,
  type FileHandle,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentStorage, ByteRange } from './storage.ts';

/**
 * Attachments as files under `folder` (`DATA_DIR/attachments`). A file is written under a
 * temporary name in the same folder's `.partial/` and renamed into place once whole and
 * flushed, so a reader never meets half a file; a crash leaves only a partial file, which a
 * later start clears once it is a day old (another process may share the folder and still be
 * writing a newer one).
 *
 * Keys are hex-encoded into file names: row ids differ by case, and some file systems do not.
 */
export async function openFileStorage(folder: string): Promise<AttachmentStorage> {
  const partial = join(folder, '.partial');
  await mkdir(partial, { recursive: true });
  await removeAbandoned(partial);
  const pathOf = (key: string) => {
    const name = Buffer.from(key, 'utf8').toString('hex');
    // Spread over 256 folders, so that no one folder grows without bound.
    return { dir: join(folder, name.slice(-2)), file: join(folder, name.slice(-2), name) };
  };

  return {
    async put(key, body) {
      const { dir, file } = pathOf(key);
      const temporary = join(partial, `${randomBytes(12).toString('hex')}.part`);
      const handle = await open(temporary, 'wx');
      try {
        const size = await writeAll(handle, body);
        await handle.close();
        await mkdir(dir, { recursive: true });
        await rename(temporary, file);
        return size;
      } catch (error) {
        await handle.close().catch(() => {});
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async get(key, range?: ByteRange) {
      const { file } = pathOf(key);
      const found = await stat(file).catch(() => undefined);
      if (!found?.isFile()) return undefined;
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    },

    async copy(from, to) {
      const source = pathOf(from).file;
      const { dir, file } = pathOf(to);
      const temporary = join(partial, `${randomBytes(12).toString('hex')}.part`);
      try {
        // A reflink where the file system has them (no bytes written), else a plain copy.
        await copyFile(source, temporary, constants.COPYFILE_FICLONE);
        const handle = await open(temporary, 'r+');
        try {
          await handle.datasync();
        } finally {
          await handle.close();
        }
        await mkdir(dir, { recursive: true });
        await rename(temporary, file);
        return true;
      } catch (error) {
        await rm(temporary, { force: true });
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false;
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(key).file, { force: true });
    },
  };
}

/** Bytes gathered before one write: far fewer calls into the thread pool than one per chunk. */
const batchBytes = 1024 * 1024;
/** Bytes written between flushes to disk, so the last flush has little left to do. */
const flushEveryBytes = 8 * 1024 * 1024;

/**
 * Writes `body` to `handle` and flushes it to disk; resolves with its size. One batch is
 * written on the thread pool while the next one is read from the network, and no more: the
 * next batch waits for the write before it, so a fast client waits on the disk instead of
 * piling up in memory (two batches at most). Every few megabytes a flush starts beside the
 * writes, so the one at the end has little left to do.
 */
async function writeAll(handle: FileHandle, body: ReadableStream<Uint8Array>): Promise<number> {
  let size = 0;
  let unflushed = 0;
  let batch: Uint8Array[] = [];
  let batched = 0;
  let writing: Promise<unknown> = Promise.resolve();
  // A flush runs beside the writes that follow it (the kernel writes back what is dirty at
  // its start); one at a time.
  let flushing: Promise<unknown> = Promise.resolve();
  let flushDone = true;
  const writeBatch = async () => {
    const buffers = batch;
    batch = [];
    batched = 0;
    await writing;
    unflushed += buffers.reduce((sum, b) => sum + b.byteLength, 0);
    writing = handle.writev(buffers);
    // An error is seen by whoever waits next; until then it must not count as unhandled.
    writing.catch(() => {});
    if (unflushed >= flushEveryBytes && flushDone) {
      unflushed = 0;
      flushDone = false;
      flushing = writing
        .then(() => handle.datasync())
        .finally(() => {
          flushDone = true;
        });
      flushing.catch(() => {});
    }
  };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    batch.push(value);
    batched += value.byteLength;
    size += value.byteLength;
    if (batched >= batchBytes) await writeBatch();
  }
  if (batched > 0) await writeBatch();
  await writing;
  await flushing;
  await handle.datasync();
  return size;
}

const abandonedAfterMs = 24 * 60 * 60 * 1000;

/** Partial files no upload has written to for a day: left by a process that stopped. */
async function removeAbandoned(partial: string) {
  const cutoff = Date.now() - abandonedAfterMs;
  for (const name of await readdir(partial)) {
    const path = join(partial, name);
    const found = await stat(path).catch(() => undefined);
    if (found && found.mtimeMs < cutoff) await rm(path, { force: true });
  }
}
