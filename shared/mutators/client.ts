import type { ReadonlyJSONValue, WriteTransaction } from 'replicache';
import { copiedAttachmentId, copiedMessageId, copiedStatus } from '../branches.ts';
import { type BranchKind, type Conversation, Message, Share } from '../entities.ts';
import {
  attachmentKey,
  conversationKey,
  messageKey,
  messagesOfConversationPrefix,
  shareKey,
} from '../keys.ts';
import { isFinishedAnswer } from '../message-status.ts';
import { attachmentsByMessage, getConversation, listMessages } from '../queries.ts';
import {
  BranchConversationArgs,
  CreateConversationArgs,
  CreateShareArgs,
  DeleteConversationArgs,
  EditMessageArgs,
  PinConversationArgs,
  RenameConversationArgs,
  RetryAnswerArgs,
  SendMessageArgs,
  SetConversationModelArgs,
  SetConversationWebSearchArgs,
  StopAnswerArgs,
  StopShareArgs,
  UpdateShareArgs,
} from './args.ts';

/**
 * The optimistic side of every mutator: what the person sees at once, online or offline.
 * The server runs its own version of each (server/sync/mutators) and its rows win on the next
 * pull. Arguments arrive as JSON from Replicache and are parsed here, as on the server.
 */
export const clientMutators = {
  async createConversation(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = CreateConversationArgs.parse(raw);
    if (await tx.has(conversationKey(args.id))) return;
    const { webSearch = false, ...fields } = args;
    await tx.set(
      conversationKey(args.id),
      newConversation({ ...fields, webSearch, updatedAt: args.createdAt }),
    );
  },

  async sendMessage(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = SendMessageArgs.parse(raw);
    const conversation = await getConversation(tx, args.conversationId);
    if (!conversation) return;
    const order = nextMessageOrder(await listMessages(tx, args.conversationId));
    await writeExchange(tx, conversation, args, order);
  },

  async renameConversation(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = RenameConversationArgs.parse(raw);
    const conversation = await getConversation(tx, args.id);
    if (!conversation) return;
    await tx.set(conversationKey(args.id), { ...conversation, title: args.title });
  },

  async deleteConversation(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = DeleteConversationArgs.parse(raw);
    for await (const key of tx.scan({ prefix: messagesOfConversationPrefix(args.id) }).keys()) {
      await tx.del(key);
    }
    await tx.del(conversationKey(args.id));
  },

  async setConversationModel(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = SetConversationModelArgs.parse(raw);
    const conversation = await getConversation(tx, args.id);
    if (!conversation) return;
    await tx.set(conversationKey(args.id), { ...conversation, model: args.model });
  },

  async setConversationWebSearch(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = SetConversationWebSearchArgs.parse(raw);
    const conversation = await getConversation(tx, args.id);
    if (!conversation) return;
    await tx.set(conversationKey(args.id), { ...conversation, webSearch: args.webSearch });
  },

  async stopAnswer(_tx: WriteTransaction, raw: ReadonlyJSONValue) {
    // Nothing to show yet: the server aborts the run, and its final row (with the text kept)
    // arrives by pull. Parsing here still refuses malformed calls at once.
    StopAnswerArgs.parse(raw);
  },

  async retryAnswer(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = RetryAnswerArgs.parse(raw);
    const value = await tx.get(messageKey(args.conversationId, args.messageId));
    const answer = value === undefined ? null : Message.parse(value);
    if (!answer || !isFinishedAnswer(answer)) return;
    await tx.set(messageKey(answer.conversationId, answer.id), {
      ...answer,
      status: 'pending',
      content: '',
      reasoning: '',
      reasoningMs: null,
      sources: [],
      error: null,
      limitResetsAt: null,
      model: args.model ?? answer.model,
      runId: null,
      messagesLeftOut: 0,
    });
  },

  async branchConversation(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = BranchConversationArgs.parse(raw);
    const parent = await getConversation(tx, args.parentId);
    if (!parent || (await tx.has(conversationKey(args.id)))) return;
    const messages = await listMessages(tx, parent.id);
    const point = messages.findIndex((m) => m.id === args.branchPointMessageId);
    const answer = messages[point];
    if (!answer || !isFinishedAnswer(answer)) return;
    await writeBranch(tx, args, parent, 'branch', messages.slice(0, point + 1));
  },

  async editMessage(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = EditMessageArgs.parse(raw);
    const parent = await getConversation(tx, args.parentId);
    if (!parent || (await tx.has(conversationKey(args.id)))) return;
    const messages = await listMessages(tx, parent.id);
    const point = messages.findIndex((m) => m.id === args.messageId);
    const edited = messages[point];
    if (edited?.role !== 'user') return;
    const branch = await writeBranch(
      tx,
      { ...args, branchPointMessageId: edited.id },
      parent,
      'edit',
      messages.slice(0, point),
    );
    await writeExchange(tx, branch, args, edited.order);
  },

  async pinConversation(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = PinConversationArgs.parse(raw);
    const conversation = await getConversation(tx, args.id);
    if (!conversation) return;
    await tx.set(conversationKey(args.id), {
      ...conversation,
      pinnedAt: args.pinned ? args.at : null,
    });
  },

  async createShare(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = CreateShareArgs.parse(raw);
    if (await tx.has(shareKey(args.id))) return;
    await tx.set(shareKey(args.id), args);
  },

  async updateShare(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = UpdateShareArgs.parse(raw);
    const existing = Share.safeParse(await tx.get(shareKey(args.id)));
    if (!existing.success) return;
    await tx.set(shareKey(args.id), { ...existing.data, ...args });
  },

  async stopShare(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = StopShareArgs.parse(raw);
    await tx.del(shareKey(args.id));
  },
};

export type ClientMutators = typeof clientMutators;

function newConversation(
  fields: Pick<Conversation, 'id' | 'title' | 'model' | 'createdAt' | 'updatedAt'> &
    Partial<Conversation>,
): Conversation {
  return {
    parentConversationId: null,
    branchPointMessageId: null,
    branchKind: null,
    pinnedAt: null,
    webSearch: false,
    ...fields,
  };
}

/** A person's message and its empty answer, both queued, at `order` and the one after. */
async function writeExchange(
  tx: WriteTransaction,
  conversation: Conversation,
  args: Omit<SendMessageArgs, 'conversationId'>,
  order: number,
) {
  const [user, assistant] = exchangeMessages(conversation.id, args, order);
  await tx.set(messageKey(conversation.id, user.id), user);
  await tx.set(messageKey(conversation.id, assistant.id), assistant);
  await tx.set(conversationKey(conversation.id), {
    ...conversation,
    model: args.model,
    updatedAt: Math.max(conversation.updatedAt, args.createdAt),
  });
}

/** Where a message sent after `messages` (in order) goes. */
export const nextMessageOrder = (messages: readonly Message[]): number =>
  (messages.at(-1)?.order ?? -1) + 1;

/**
 * The two messages a send writes at `order`: the person's, and the empty answer after it, both
 * queued. The conversation page also shows them before the store has them (its instant echo).
 */
export function exchangeMessages(
  conversationId: string,
  args: Omit<SendMessageArgs, 'conversationId'>,
  order: number,
): [user: Message, assistant: Message] {
  const user: Message = {
    id: args.userMessageId,
    conversationId,
    role: 'user',
    content: args.content,
    status: 'queued',
    model: null,
    error: null,
    order,
    createdAt: args.createdAt,
    runId: null,
    messagesLeftOut: 0,
  };
  const assistant: Message = {
    ...user,
    id: args.assistantMessageId,
    role: 'assistant',
    content: '',
    model: args.model,
    order: order + 1,
  };
  return [user, assistant];
}

/** A new conversation linked to `parent`, holding copies of `context`; returns it. */
async function writeBranch(
  tx: WriteTransaction,
  args: { id: string; branchPointMessageId: string; createdAt: number },
  parent: Conversation,
  kind: BranchKind,
  context: readonly Message[],
): Promise<Conversation> {
  const branch = newConversation({
    id: args.id,
    title: parent.title,
    model: parent.model,
    createdAt: args.createdAt,
    updatedAt: args.createdAt,
    parentConversationId: parent.id,
    branchPointMessageId: args.branchPointMessageId,
    branchKind: kind,
    webSearch: parent.webSearch,
  });
  await tx.set(conversationKey(branch.id), branch);
  const attached = await attachmentsByMessage(tx);
  for (const [n, message] of context.entries()) {
    const copy: Message = {
      ...message,
      id: copiedMessageId(branch.id, n),
      conversationId: branch.id,
      status: copiedStatus(message),
      runId: null,
    };
    await tx.set(messageKey(branch.id, copy.id), copy);
    // Named as the server names them: its copies (with their bytes) replace these on the pull.
    for (const [k, attachment] of (attached.get(message.id) ?? []).entries()) {
      const id = copiedAttachmentId(branch.id, n, k);
      await tx.set(attachmentKey(id), { ...attachment, id, messageId: copy.id });
    }
  }
  return branch;
}
