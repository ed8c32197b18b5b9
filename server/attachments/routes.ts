import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { RowId } from '../../shared/entities.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { limits } from '../../shared/limits.ts';
import { maxAttachmentBytes, megabytes, nameContradiction } from '../../shared/media-type.ts';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { Database } from '../db/database.ts';
import { AppError, badRequest, notFound } from '../http/app-error.ts';
import { parseInput } from '../http/read-json.ts';
import { attachmentEntity } from '../sync/row-entities.ts';
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
  storedBytes,
} from './attachment-rows.ts';
import { requestBody } from './request-body.ts';
import { serveAttachment } from './serve-attachment.ts';
import type { AttachmentStorage } from './storage.ts';
import { newStorageKey } from './storage.ts';
import type { AttachmentSweeper } from './sweep.ts';
import { sniffUpload, tooLarge } from './upload-body.ts';

export type AttachmentDeps = {
  db: Database;
  auth: Auth;
  storage: AttachmentStorage;
  sweeper: AttachmentSweeper;
  /** The most bytes of attachments one person may keep. */
  quotaBytes: number;
  /** An upload was the last one an answer of the person's waited for: it may start now. */
  answerReady?: ((userId: string) => void) | undefined;
};

const UploadQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'an attachment needs a name')
    .max(limits.attachmentNameChars)
    // Shown and offered as a download name, never used as a path.
    .regex(/^[^/\\]+$/, 'a name has no slashes'),
  /** The message it is for, if the person has sent it already (offline, a send goes first). */
  messageId: RowId.optional(),
});
const IdQuery = z.object({ id: RowId.optional() });
const DeclaredLength = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * `PUT /api/attachments/:id` (and `POST /api/attachments?id=`): the raw bytes of one file as
 * the body, its name (and the message it is for) in the query. The device names the id, so a
 * retry is the same request again: once the first has stored the file whole, a repeat answers
 * 200 with the same metadata without reading its body. `GET /api/attachments/:id` serves the
 * bytes to their owner only; `DELETE` removes an attachment.
 */
export function attachmentRoutes(deps: AttachmentDeps) {
  const app = new Hono<AuthedEnv>();
  app.use('*', requireUser(deps.auth));

  app.post('/', async (c) => {
    const { id } = parseInput(IdQuery, c.req.query());
    // Without an id of the device's, the server names one: such an upload cannot be retried.
    return upload(c, deps, id ?? randomBytes(16).toString('base64url'));
  });
  app.put('/:id', (c) => upload(c, deps, parseInput(RowId, c.req.param('id'))));

  app.get('/:id', async (c) => {
    const id = parseInput(RowId, c.req.param('id'));
    const row = await findAttachment(deps.db, c.get('user').id, id);
    // Someone else's is as good as missing.
    if (!row || row === 'taken') throw notFound('No such attachment.');
    return serveAttachment(c, deps.storage, row);
  });

  app.delete('/:id', async (c) => {
    const id = parseInput(RowId, c.req.param('id'));
    if (!(await deleteAttachment(deps.db, c.get('user').id, id))) {
      throw notFound('No such attachment.');
    }
    void deps.sweeper.sweep();
    return c.body(null, 204);
  });

  return app;
}

async function upload(c: Context<AuthedEnv>, deps: AttachmentDeps, id: string) {
  const userId = c.get('user').id;
  const query = parseInput(UploadQuery, c.req.query());
  const lengthHeader = c.req.header('content-length');
  const declared =
    lengthHeader === undefined ? undefined : parseInput(DeclaredLength, lengthHeader);
  // Every early answer below leaves the body unread: the connection cannot carry another
  // request, and the client learns to stop sending at once.
  const leaveUnread = () => c.header('Connection', 'close');

  const existing = await findAttachment(deps.db, userId, id);
  if (existing === 'taken') {
    leaveUnread();
    throw new AppError(ErrorCode.conflict, 'That attachment id is taken.');
  }
  if (existing) {
    leaveUnread();
    return c.json(attachmentEntity(existing), 200);
  }
  if (declared !== undefined && declared > maxAttachmentBytes) {
    leaveUnread();
    throw tooLarge(undefined, maxAttachmentBytes);
  }
  const used = await storedBytes(deps.db, userId);
  const overQuota = () =>
    new AppError(
      ErrorCode.payloadTooLarge,
      `Your attachments would take more than your ${megabytes(deps.quotaBytes)}. Delete some first.`,
    );
  if (used + (declared ?? 0) > deps.quotaBytes) {
    leaveUnread();
    throw overQuota();
  }
  const source = requestBody(c);
  if (!source) throw badRequest('Send the file as the request body.');

  let sniffed: Awaited<ReturnType<typeof sniffUpload>>;
  try {
    sniffed = await sniffUpload(source, declared);
  } catch (error) {
    leaveUnread();
    throw error;
  }
  const contradiction = nameContradiction(query.name, sniffed.mediaType);
  if (contradiction) {
    await sniffed.body.cancel().catch(() => {});
    leaveUnread();
    throw new AppError(ErrorCode.unsupportedMediaType, contradiction);
  }
  // Unique per upload: two racing uploads of one id never write over each other's bytes.
  const storageKey = newStorageKey(id);
  let size: number;
  try {
    size = await deps.storage.put(storageKey, sniffed.body);
  } catch (error) {
    leaveUnread();
    throw error;
  }
  if (used + size > deps.quotaBytes) {
    await deps.storage.delete(storageKey);
    throw overQuota();
  }
  const inserted = await insertAttachment(deps.db, {
    id,
    userId,
    messageId: query.messageId,
    name: query.name,
    mediaType: sniffed.mediaType,
    size,
    pageCount: sniffed.pageCount(),
    source: 'upload',
    storageKey,
  }).catch(async (error: unknown) => {
    await deps.storage.delete(storageKey);
    throw error;
  });
  if (inserted) {
    if (inserted.answerReady) deps.answerReady?.(userId);
    return c.json(attachmentEntity(inserted.row), 201);
  }
  // Another upload of this id finished first: its bytes stand, these go.
  await deps.storage.delete(storageKey);
  const winner = await findAttachment(deps.db, userId, id);
  if (!winner || winner === 'taken') {
    throw new AppError(ErrorCode.conflict, 'That attachment id is taken.');
  }
  return c.json(attachmentEntity(winner), 200);
}
