import type { Context } from 'hono';
import type { AttachmentRow } from '../db/attachment-schema.ts';
import { notFound } from '../http/app-error.ts';
import { requestedRange } from './byte-range.ts';
import { contentDisposition } from './content-disposition.ts';
import type { AttachmentStorage } from './storage.ts';

/**
 * Answers with an attachment's bytes, whoever was allowed to ask (its owner, or a share that
 * shows it): never cached by anyone but the browser, never sniffed, shown inline only for the
 * kinds a browser shows safely, named by a safe `Content-Disposition`, one range if asked.
 */
export async function serveAttachment(
  c: Context,
  storage: AttachmentStorage,
  row: Pick<AttachmentRow, 'storageKey' | 'mediaType' | 'name' | 'size'>,
) {
  const etag = `"${row.storageKey}"`;
  c.header('Cache-Control', 'private, no-cache');
  c.header('ETag', etag);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Accept-Ranges', 'bytes');
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  // Only the kinds accepted at upload are ever stored; anything else would be a download.
  const inline = row.mediaType.startsWith('image/') || row.mediaType === 'application/pdf';
  c.header('Content-Type', inline ? row.mediaType : 'application/octet-stream');
  c.header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name));
  const range = requestedRange(c.req.header('range'), row.size);
  if (range === 'unsatisfiable') {
    c.header('Content-Range', `bytes */${row.size}`);
    return c.body(null, 416);
  }
  const bytes = await storage.get(row.storageKey, range);
  if (!bytes) throw notFound('No such attachment.');
  if (!range) {
    c.header('Content-Length', String(row.size));
    return c.body(bytes, 200);
  }
  c.header('Content-Range', `bytes ${range.start}-${range.end}/${row.size}`);
  c.header('Content-Length', String(range.end - range.start + 1));
  return c.body(bytes, 206);
}
