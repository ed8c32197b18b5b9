import { randomUUID } from 'node:crypto';
import { and, eq, max } from 'drizzle-orm';
import { isFinalStatus, isFinishedAnswer } from '../../shared/message-status.ts';
import {
  BranchConversationArgs,
  CreateConversationArgs,
  CreateShareArgs,
  DeleteConversationArgs,
  EditMessageArgs,
  type MutatorName,
  PinConversationArgs,
  RenameConversationArgs,
  RetryAnswerArgs,
  SendMessageArgs,
  SetConversationModelArgs,
  SetConversationWebSearchArgs,
  StopAnswerArgs,
  StopShareArgs,
  UpdateShareArgs,
} from '../../shared/mutators/args.ts';
import { claimAttachments, deleteGeneratedImages } from '../attachments/attachment-rows.ts';
import { idsNotUploaded, markSentBefore, releaseAnswer } from '../attachments/awaited-uploads.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Transaction } from '../db/database.ts';
import { share } from '../db/share-schema.ts';
import { shareTokenHash } from '../share/share-token.ts';
import { createBranch, ownedBranchPoint } from './branching.ts';
import { visibleUpdate } from './visible-write.ts';

/** Work a mutation asks for once its transaction has committed. */
export type Effect =
  | { kind: 'startRun'; messageId: string }
  | { kind: 'stopRun'; messageId: string }
  /** Attachments went with what was deleted: their stored bytes go now. */
  | { kind: 'sweepAttachments' };

/**
 * What a server mutator runs in: the transaction, the caller, the clock, and where
 * attachments' bytes are (a branch copies them).
 */
export type MutationContext = {
  tx: Transaction;
  userId: string;
  now: Date;
  storage: AttachmentStorage;
};

/** Raised by a mutator that refuses its mutation; the push still advances the client past it. */
export class MutationRefused extends Error {
  override name = 'MutationRefused';
}

type ServerMutator = (ctx: MutationContext, raw: unknown) => Promise<Effect[]>;

/**
 * The authoritative side of every mutator. Each re-parses its arguments with the shared
 * schema and touches only rows owned by the caller: a row that is not theirs is treated as
 * missing, so nothing reveals that it exists.
 */
export const serverMutators: Record<MutatorName, ServerMutator> = {
  async createConversation({ tx, userId, now }, raw) {
    const args = CreateConversationArgs.parse(raw);
    const createdAt = clampToNow(args.createdAt, now);
    const inserted = await tx
      .insert(conversation)
      .values({
        id: args.id,
        userId,
        title: args.title,
        model: args.model,
        webSearch: args.webSearch ?? false,
        createdAt,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: conversation.id });
    if (inserted.length === 0) await refuseUnlessOwned(tx, userId, args.id);
    return [];
  },

  async sendMessage({ tx, userId, now }, raw) {
    const args = SendMessageArgs.parse(raw);
    const owned = await ownedConversation(tx, userId, args.conversationId);
    if (!owned) throw new MutationRefused('conversation not found');
    const [last] = await tx
      .select({ order: max(message.order) })
      .from(message)
      .where(eq(message.conversationId, args.conversationId));
    await insertExchange(
      { tx, userId, now },
      { ...args, webSearch: args.webSearch ?? owned.webSearch, order: (last?.order ?? -1) + 1 },
    );
    return [{ kind: 'startRun', messageId: args.assistantMessageId }];
  },

  async renameConversation({ tx, userId, now }, raw) {
    const args = RenameConversationArgs.parse(raw);
    await updateOwnedConversation(tx, userId, args.id, { title: args.title, updatedAt: now });
    return [];
  },

  async deleteConversation({ tx, userId }, raw) {
    const args = DeleteConversationArgs.parse(raw);
    // Messages go with it, and their attachments (ON DELETE CASCADE); the attachments' bytes
    // are left to the sweep. Deleting what is already gone is a no-op.
    const deleted = await tx
      .delete(conversation)
      .where(and(eq(conversation.id, args.id), eq(conversation.userId, userId)))
      .returning({ id: conversation.id });
    return deleted.length > 0 ? [{ kind: 'sweepAttachments' }] : [];
  },

  async stopAnswer({ tx, userId, now }, raw) {
    const args = StopAnswerArgs.parse(raw);
    const answer = await ownedAnswer(tx, userId, args.messageId);
    if (answer?.status === 'pending') {
      // Not started yet: nothing to abort, it simply never runs. A message still waiting for
      // its files shows as sent (they join it if they come).
      await tx
        .update(message)
        .set(visibleUpdate(message, { status: 'stopped', updatedAt: now }))
        .where(eq(message.id, answer.id));
      await markSentBefore(tx, answer);
      return [];
    }
    return answer?.status === 'streaming' ? [{ kind: 'stopRun', messageId: answer.id }] : [];
  },

  async retryAnswer({ tx, userId, now }, raw) {
    const args = RetryAnswerArgs.parse(raw);
    const answer = await ownedAnswer(tx, userId, args.messageId);
    if (!answer) throw new MutationRefused('answer not found');
    if (!isFinalStatus(answer.status)) return [];
    await releaseAnswer(tx, answer);
    await tx
      .update(message)
      .set(
        visibleUpdate(message, {
          status: 'pending',
          content: '',
          reasoning: '',
          reasoningMs: null,
          ...(args.reasoning === undefined ? {} : { reasoningRequested: args.reasoning }),
          sources: null,
          error: null,
          limitResetsAt: null,
          usage: null,
          finishReason: null,
          messagesLeftOut: 0,
          model: args.model ?? answer.model,
          runId: randomUUID(),
          updatedAt: now,
        }),
      )
      .where(eq(message.id, answer.id));
    // A new answer makes its own images; the last one's go with its text.
    const imagesGone = await deleteGeneratedImages(tx, answer.id);
    return [
      { kind: 'startRun', messageId: answer.id },
      ...(imagesGone ? [{ kind: 'sweepAttachments' } as const] : []),
    ];
  },

  async branchConversation({ tx, userId, now, storage }, raw) {
    const args = BranchConversationArgs.parse(raw);
    const parent = await ownedConversation(tx, userId, args.parentId);
    const point =
      parent && (await ownedBranchPoint(tx, userId, parent.id, args.branchPointMessageId));
    if (!parent || !point || !isFinishedAnswer(point))
      throw new MutationRefused('answer not found');
    const created = await createBranch(
      tx,
      storage,
      parent,
      { ...args, kind: 'branch', createdAt: clampToNow(args.createdAt, now), now },
      point.order,
    );
    if (!created) await refuseUnlessOwned(tx, userId, args.id);
    return [];
  },

  async editMessage({ tx, userId, now, storage }, raw) {
    const args = EditMessageArgs.parse(raw);
    const parent = await ownedConversation(tx, userId, args.parentId);
    const point = parent && (await ownedBranchPoint(tx, userId, parent.id, args.messageId));
    if (!parent || point?.role !== 'user') throw new MutationRefused('message not found');
    const created = await createBranch(
      tx,
      storage,
      parent,
      {
        id: args.id,
        branchPointMessageId: point.id,
        kind: 'edit',
        createdAt: clampToNow(args.createdAt, now),
        now,
      },
      point.order - 1,
    );
    if (!created) {
      await refuseUnlessOwned(tx, userId, args.id);
      return [];
    }
    await insertExchange(
      { tx, userId, now },
      {
        ...args,
        conversationId: args.id,
        webSearch: args.webSearch ?? parent.webSearch,
        order: point.order,
      },
    );
    return [{ kind: 'startRun', messageId: args.assistantMessageId }];
  },

  async pinConversation({ tx, userId, now }, raw) {
    const args = PinConversationArgs.parse(raw);
    await updateOwnedConversation(tx, userId, args.id, {
      pinnedAt: args.pinned ? clampToNow(args.at, now) : null,
    });
    return [];
  },

  async setConversationWebSearch({ tx, userId }, raw) {
    const args = SetConversationWebSearchArgs.parse(raw);
    await updateOwnedConversation(tx, userId, args.id, { webSearch: args.webSearch });
    return [];
  },

  async setConversationModel({ tx, userId }, raw) {
    const args = SetConversationModelArgs.parse(raw);
    await updateOwnedConversation(tx, userId, args.id, { model: args.model });
    return [];
  },

  async createShare({ tx, userId, now }, raw) {
    const args = CreateShareArgs.parse(raw);
    // Ownership first: a share of someone else's conversation answers like a missing one.
    if (!(await ownedConversation(tx, userId, args.conversationId))) {
      throw new MutationRefused('conversation not found');
    }
    if (args.mode === 'snapshot' && args.throughOrder === null) {
      throw new MutationRefused('a snapshot names its last message');
    }
    // The id and the token's hash are both unique: a replay finds its own row, and a token
    // already in use (anyone's) is refused without saying whose.
    const inserted = await tx
      .insert(share)
      .values({
        id: args.id,
        userId,
        conversationId: args.conversationId,
        token: args.token,
        tokenHash: shareTokenHash(args.token),
        mode: args.mode,
        throughOrder: args.throughOrder,
        expiresAt: args.expiresAt === null ? null : new Date(args.expiresAt),
        createdAt: clampToNow(args.createdAt, now),
      })
      .onConflictDoNothing()
      .returning({ id: share.id });
    if (inserted.length > 0) return [];
    const [replayed] = await tx
      .select({ id: share.id })
      .from(share)
      .where(
        and(
          eq(share.id, args.id),
          eq(share.userId, userId),
          eq(share.tokenHash, shareTokenHash(args.token)),
        ),
      );
    if (!replayed) throw new MutationRefused('share id or token is taken');
    return [];
  },

  async updateShare({ tx, userId }, raw) {
    const args = UpdateShareArgs.parse(raw);
    if (args.mode === 'snapshot' && args.throughOrder === null) {
      throw new MutationRefused('a snapshot names its last message');
    }
    const updated = await tx
      .update(share)
      .set(
        visibleUpdate(share, {
          mode: args.mode,
          throughOrder: args.throughOrder,
          expiresAt: args.expiresAt === null ? null : new Date(args.expiresAt),
        }),
      )
      .where(and(eq(share.id, args.id), eq(share.userId, userId)))
      .returning({ id: share.id });
    if (updated.length === 0) throw new MutationRefused('share not found');
    return [];
  },

  async stopShare({ tx, userId }, raw) {
    const args = StopShareArgs.parse(raw);
    // Stopping what is already stopped (or never was the caller's) changes nothing.
    await tx.delete(share).where(and(eq(share.id, args.id), eq(share.userId, userId)));
    return [];
  },
};

/** The caller's conversation `id`, or undefined: someone else's is as good as missing. */
async function ownedConversation(tx: Transaction, userId: string, id: string) {
  const [row] = await tx
    .select()
    .from(conversation)
    .where(and(eq(conversation.id, id), eq(conversation.userId, userId)));
  return row;
}

/** A replayed creation is fine; an id that belongs to someone else is refused. */
async function refuseUnlessOwned(tx: Transaction, userId: string, conversationId: string) {
  if (!(await ownedConversation(tx, userId, conversationId))) {
    throw new MutationRefused('conversation id is taken');
  }
}

/**
 * A person's message and its pending answer at `order` and the one after; the conversation
 * moves to the top and remembers the model.
 */
async function insertExchange(
  { tx, userId, now }: Pick<MutationContext, 'tx' | 'userId' | 'now'>,
  args: SendMessageArgs & { order: number },
) {
  const createdAt = clampToNow(args.createdAt, now);
  const named = args.attachmentIds ?? [];
  // Files not uploaded yet hold the answer back until they arrive (awaited-uploads.ts); until
  // then the person's message shows as queued.
  const awaiting = await idsNotUploaded(tx, named);
  const base = { conversationId: args.conversationId, userId, createdAt, updatedAt: now };
  const inserted = await tx
    .insert(message)
    .values([
      {
        ...base,
        id: args.userMessageId,
        role: 'user',
        content: args.content,
        status: awaiting.length > 0 ? 'queued' : 'done',
        order: args.order,
      },
      {
        ...base,
        id: args.assistantMessageId,
        role: 'assistant',
        content: '',
        status: 'pending',
        model: args.model,
        reasoningRequested: args.reasoning ?? false,
        webSearchRequested: args.webSearch ?? false,
        order: args.order + 1,
        runId: randomUUID(),
        awaitingAttachments: awaiting.length > 0 ? awaiting : null,
      },
    ])
    .onConflictDoNothing()
    .returning({ id: message.id });
  if (inserted.length !== 2) throw new MutationRefused('message id is taken');
  await claimAttachments(tx, userId, args.userMessageId, named);
  await tx
    .update(conversation)
    .set(visibleUpdate(conversation, { model: args.model, updatedAt: now }))
    .where(eq(conversation.id, args.conversationId));
}

async function ownedAnswer(tx: Transaction, userId: string, id: string) {
  const [row] = await tx
    .select({
      id: message.id,
      status: message.status,
      model: message.model,
      conversationId: message.conversationId,
      order: message.order,
    })
    .from(message)
    .where(and(eq(message.id, id), eq(message.userId, userId), eq(message.role, 'assistant')));
  return row;
}

async function updateOwnedConversation(
  tx: Transaction,
  userId: string,
  id: string,
  changes: {
    title?: string;
    model?: string;
    updatedAt?: Date;
    pinnedAt?: Date | null;
    webSearch?: boolean;
  },
) {
  const updated = await tx
    .update(conversation)
    .set(visibleUpdate(conversation, changes))
    .where(and(eq(conversation.id, id), eq(conversation.userId, userId)))
    .returning({ id: conversation.id });
  if (updated.length === 0) throw new MutationRefused('conversation not found');
}

// Client clocks may run ahead; a time from the future would sort wrongly forever.
function clampToNow(epochMs: number, now: Date): Date {
  return new Date(Math.min(epochMs, now.getTime()));
}
