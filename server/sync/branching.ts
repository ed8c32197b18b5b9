import { and, asc, eq, lte } from 'drizzle-orm';
import { copiedMessageId, copiedStatus } from '../../shared/branches.ts';
import type { BranchKind } from '../../shared/entities.ts';
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
 * order and are named by `copiedMessageId`, as the device names them. Returns false if `id`
 * already exists (a replay).
 */
export async function createBranch(
  tx: Transaction,
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
  return true;
}
