import type { AttachmentMediaType } from '../../shared/entities.ts';
import { ErrorCode } from '../../shared/errors.ts';
import {
  acceptedKinds,
  maxBytesOf,
  megabytes,
  sniffBytes,
  sniffMediaType,
} from '../../shared/media-type.ts';
import { AppError } from '../http/app-error.ts';
import { pdfPageCounter } from './pdf-pages.ts';

export const tooLarge = (mediaType: AttachmentMediaType | undefined, maxBytes: number) =>
  new AppError(
    ErrorCode.payloadTooLarge,
    mediaType === 'application/pdf'
      ? `A PDF can be at most ${megabytes(maxBytes)}.`
      : mediaType
        ? `An image can be at most ${megabytes(maxBytes)}.`
        : `An attachment can be at most ${megabytes(maxBytes)}.`,
  );

/** An upload whose kind is known: its bytes still to come, counted and bounded as they do. */
export type SniffedUpload = {
  mediaType: AttachmentMediaType;
  /** The whole file, its first bytes included; errors with a 413 past the kind's limit. */
  body: ReadableStream<Uint8Array>;
  /** Pages of a PDF counted so far (all of them once `body` has ended); null for images. */
  pageCount(): number | null;
};

/**
 * Reads the first bytes of an upload to learn what it is (a 415 for anything but the accepted
 * kinds, before a byte is stored), then hands back the whole body as a stream that counts the
 * bytes as they pass and errors with a 413 as soon as they exceed what that kind may weigh: the
 * rest is never read. `declaredBytes` (a Content-Length) is checked up front.
 */
export async function sniffUpload(
  source: ReadableStream<Uint8Array>,
  declaredBytes: number | undefined,
): Promise<SniffedUpload> {
  const reader = source.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < sniffBytes) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    head.push(value);
    headBytes += value.byteLength;
  }
  const mediaType = sniffMediaType(concat(head));
  if (!mediaType) {
    await reader.cancel().catch(() => {});
    throw new AppError(
      ErrorCode.unsupportedMediaType,
      `That file cannot be attached. ${acceptedKinds}`,
    );
  }
  const maxBytes = maxBytesOf(mediaType);
  if (declaredBytes !== undefined && declaredBytes > maxBytes) {
    await reader.cancel().catch(() => {});
    throw tooLarge(mediaType, maxBytes);
  }
  const pages = mediaType === 'application/pdf' ? pdfPageCounter() : undefined;
  let seen = 0;
  const pass = (chunk: Uint8Array, controller: ReadableStreamDefaultController<Uint8Array>) => {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw tooLarge(mediaType, maxBytes);
    pages?.add(chunk);
    controller.enqueue(chunk);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of head) pass(chunk, controller);
        if (ended) controller.close();
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        try {
          pass(value, controller);
        } catch (error) {
          // Past the limit: the rest of the upload is not read.
          await reader.cancel().catch(() => {});
          throw error;
        }
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    },
    // Nothing queued ahead: a chunk is read from the request only when storage asks for one.
    { highWaterMark: 0 },
  );
  return { mediaType, body, pageCount: () => pages?.count ?? null };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const all = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}
