import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { copiedMessageId, copiedStatus } from '../../shared/branches.ts';
import type { BranchKind } from '../../shared/entities.ts';
import { copyAttachments } from '../attachments/copy-attachments.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { attachment } from '../db/attachment-schema.ts';
import { type ConversationRow, conversation, message } from '../db/chat-schema.ts';
import type { Transaction } from '../db/database.ts';

/** Rows per insert: one statement of thousands of rows overruns the parameter limit. */
const batch = 500;

/** The parent's message a branch is made at, if it is the caller's and in that conversation. */
export async function ownedBranchPoint(
  tx: Transaction,
  userId: string,
  parentId: string,
  messageId: string,
) {
  const [row] = await tx
    .select({ id: message.id, role: message.role, status: message.status, order: message.order })
    .from(message)
    .where(
      and(
        eq(message.id, messageId),
        eq(message.conversationId, parentId),
        eq(message.userId, userId),
      ),
    );
  return row;
}

/**
 * Creates the branch `id` of `parent` with copies of the parent's messages up to `lastOrder`
 * (the branch point's order to include it, one less to leave it out). The copies keep their
 * order and are named by `copiedMessageId`, as the device names them; their attachments are
 * copied with them (`copyAttachments`). Returns false if `id` already exists (a replay).
 */
export async function createBranch(
  tx: Transaction,
  storage: AttachmentStorage,
  parent: ConversationRow,
  branch: {
    id: string;
    branchPointMessageId: string;
    kind: BranchKind;
    createdAt: Date;
    now: Date;
  },
  lastOrder: number,
): Promise<boolean> {
  const inserted = await tx
    .insert(conversation)
    .values({
      id: branch.id,
      userId: parent.userId,
      title: parent.title,
      model: parent.model,
      parentConversationId: parent.id,
      branchPointMessageId: branch.branchPointMessageId,
      branchKind: branch.kind,
      webSearch: parent.webSearch,
      createdAt: branch.createdAt,
      updatedAt: branch.now,
    })
    .onConflictDoNothing()
    .returning({ id: conversation.id });
  if (inserted.length === 0) return false;

  const sources = await tx
    .select()
    .from(message)
    .where(and(eq(message.conversationId, parent.id), lte(message.order, lastOrder)))
    .orderBy(asc(message.order));
  const copies = sources.map((source, n) => ({
    id: copiedMessageId(branch.id, n),
    conversationId: branch.id,
    userId: parent.userId,
    role: source.role,
    content: source.content,
    reasoning: source.reasoning,
    reasoningMs: source.reasoningMs,
    sources: source.sources,
    parts: source.parts,
    model: source.model,
    status: copiedStatus(source),
    error: source.error,
    limitResetsAt: source.limitResetsAt,
    usage: source.usage,
    finishReason: source.finishReason,
    messagesLeftOut: source.messagesLeftOut,
    order: source.order,
    createdAt: source.createdAt,
    updatedAt: branch.now,
  }));
  for (let i = 0; i < copies.length; i += batch) {
    await tx.insert(message).values(copies.slice(i, i + batch));
  }
  // A person's files and the images an answer made alike.
  const copied = sources.map((source, n) => ({
    id: source.id,
    copyId: copiedMessageId(branch.id, n),
    n,
  }));
  await copyAttachmentsOf(tx, storage, parent.userId, branch.id, copied);
  return true;
}

/** The attachments of the copied messages onto their copies, a page of messages at a time. */
async function copyAttachmentsOf(
  tx: Transaction,
  storage: AttachmentStorage,
  userId: string,
  branchId: string,
  messages: readonly { id: string; copyId: string; n: number }[],
) {
  for (let i = 0; i < messages.length; i += batch) {
    const slice = messages.slice(i, i + batch);
    const byId = new Map(slice.map((m) => [m.id, m]));
    const sources = await tx
      .select()
      .from(attachment)
      .where(
        and(
          eq(attachment.userId, userId),
          inArray(
            attachment.messageId,
            slice.map((m) => m.id),
          ),
        ),
      )
      .orderBy(asc(attachment.createdAt), asc(attachment.id));
    await copyAttachments(tx, storage, sources, {
      conversationId: branchId,
      userId,
      copyOf: (messageId) => byId.get(messageId),
    });
  }
}
