import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { copiedMessageId } from '../../shared/branches.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { megabytes } from '../../shared/media-type.ts';
import { isFinalStatus } from '../../shared/message-status.ts';
import { storedBytes } from '../attachments/attachment-rows.ts';
import { copyAttachments } from '../attachments/copy-attachments.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { attachment } from '../db/attachment-schema.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Transaction } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import type { OpenShare } from './find-share.ts';
import { sharedMessages } from './find-share.ts';

/** Rows per insert: one statement of thousands of rows overruns the parameter limit. */
const batch = 500;

/**
 * Copies what `open` shows into a new conversation of `viewerId`'s and returns its id: the
 * finished messages (an answer still being written is left out, and so is anything not sent
 * yet), their text, reasoning, sources and files (bytes copied under keys of their own). It is
 * a branch across accounts that keeps no link back: no parent, no branch point, no usage or
 * cost of the owner's, and ids of its own, so nothing in the copy names the owner's rows.
 */
export async function continueShare(
  tx: Transaction,
  storage: AttachmentStorage,
  open: OpenShare,
  viewerId: string,
  { now, quotaBytes }: { now: Date; quotaBytes: number },
): Promise<string> {
  const shown = (await sharedMessages(tx, open)).filter((m) => isFinalStatus(m.status));
  const sources = shown.length
    ? await tx
        .select()
        .from(attachment)
        .where(
          and(
            eq(attachment.userId, open.userId),
            inArray(
              attachment.messageId,
              shown.map((m) => m.id),
            ),
          ),
        )
        .orderBy(asc(attachment.createdAt), asc(attachment.id))
    : [];
  const bytes = sources.reduce((sum, a) => sum + a.size, 0);
  if (bytes > 0 && (await storedBytes(tx, viewerId)) + bytes > quotaBytes) {
    throw new AppError(
      ErrorCode.payloadTooLarge,
      `Its files would take more than your ${megabytes(quotaBytes)}. Delete some first.`,
    );
  }

  const id = randomBytes(16).toString('base64url');
  await tx.insert(conversation).values({
    id,
    userId: viewerId,
    title: open.title,
    model: open.model,
    createdAt: now,
    updatedAt: now,
  });
  const copyIds = new Map(
    shown.map((source, n) => [source.id, { n, copyId: copiedMessageId(id, n) }]),
  );
  const copies = shown.map((source, n) => ({
    id: copiedMessageId(id, n),
    conversationId: id,
    userId: viewerId,
    role: source.role,
    content: source.content,
    reasoning: source.reasoning,
    reasoningMs: source.reasoningMs,
    sources: source.sources,
    parts: source.parts,
    model: source.model,
    status: source.status,
    error: source.error,
    finishReason: source.finishReason,
    messagesLeftOut: source.messagesLeftOut,
    order: n,
    createdAt: source.createdAt,
    updatedAt: now,
  }));
  for (let i = 0; i < copies.length; i += batch) {
    await tx.insert(message).values(copies.slice(i, i + batch));
  }
  // Bytes already gone (their row is being deleted) are left out, as a branch leaves them.
  await copyAttachments(tx, storage, sources, {
    conversationId: id,
    userId: viewerId,
    copyOf: (messageId) => copyIds.get(messageId),
  });
  return id;
}
