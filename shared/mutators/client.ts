import type { ReadonlyJSONValue, WriteTransaction } from 'replicache';
import { Conversation, Message } from '../entities.ts';
import { conversationKey, messageKey, messagesOfConversationPrefix } from '../keys.ts';
import { isFinalStatus } from '../message-status.ts';
import {
  CreateConversationArgs,
  DeleteConversationArgs,
  RenameConversationArgs,
  RetryAnswerArgs,
  SendMessageArgs,
  SetConversationModelArgs,
  StopAnswerArgs,
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
    const conversation: Conversation = {
      id: args.id,
      title: args.title,
      model: args.model,
      createdAt: args.createdAt,
      updatedAt: args.createdAt,
    };
    await tx.set(conversationKey(args.id), conversation);
  },

  async sendMessage(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = SendMessageArgs.parse(raw);
    const conversation = await getConversation(tx, args.conversationId);
    if (!conversation) return;
    const order = (await lastOrder(tx, args.conversationId)) + 1;
    const user: Message = {
      id: args.userMessageId,
      conversationId: args.conversationId,
      role: 'user',
      content: args.content,
      status: 'queued',
      model: null,
      error: null,
      order,
      createdAt: args.createdAt,
      runId: null,
    };
    const assistant: Message = {
      ...user,
      id: args.assistantMessageId,
      role: 'assistant',
      content: '',
      model: args.model,
      order: order + 1,
    };
    await tx.set(messageKey(args.conversationId, user.id), user);
    await tx.set(messageKey(args.conversationId, assistant.id), assistant);
    await tx.set(conversationKey(conversation.id), {
      ...conversation,
      model: args.model,
      updatedAt: Math.max(conversation.updatedAt, args.createdAt),
    });
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

  async stopAnswer(_tx: WriteTransaction, raw: ReadonlyJSONValue) {
    // Nothing to show yet: the server aborts the run, and its final row (with the text kept)
    // arrives by pull. Parsing here still refuses malformed calls at once.
    StopAnswerArgs.parse(raw);
  },

  async retryAnswer(tx: WriteTransaction, raw: ReadonlyJSONValue) {
    const args = RetryAnswerArgs.parse(raw);
    const value = await tx.get(messageKey(args.conversationId, args.messageId));
    const answer = value === undefined ? null : Message.parse(value);
    if (answer?.role !== 'assistant' || !isFinalStatus(answer.status)) return;
    await tx.set(messageKey(answer.conversationId, answer.id), {
      ...answer,
      status: 'pending',
      content: '',
      error: null,
      model: args.model ?? answer.model,
      runId: null,
    });
  },
};

export type ClientMutators = typeof clientMutators;

async function getConversation(tx: WriteTransaction, id: string): Promise<Conversation | null> {
  const value = await tx.get(conversationKey(id));
  return value === undefined ? null : Conversation.parse(value);
}

async function lastOrder(tx: WriteTransaction, conversationId: string): Promise<number> {
  let last = -1;
  for await (const value of tx
    .scan({ prefix: messagesOfConversationPrefix(conversationId) })
    .values()) {
    last = Math.max(last, Message.parse(value).order);
  }
  return last;
}
