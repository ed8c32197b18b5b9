import type { Conversation, Message } from '../../shared/entities.ts';
import type { SendMessageArgs } from '../../shared/mutators/args.ts';
import { exchangeMessages, nextMessageOrder } from '../../shared/mutators/client.ts';
import { titleFromMessage } from '../../shared/titles.ts';
import { reasoningWanted } from '../models/reasoning-choice.ts';
import { newId } from '../sync/new-id.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/** Sends a message in a conversation: the message and an empty answer appear at once, queued. */
export async function sendMessage(
  rep: ParleyReplicache,
  conversation: SendingConversation,
  content: string,
  attachmentIds: readonly string[] = [],
): Promise<void> {
  await rep.mutate.sendMessage(newSend(conversation, content, attachmentIds));
}

/** What a send needs of its conversation: where, which model, and whether to search the web. */
export type SendingConversation = Pick<Conversation, 'id' | 'model'> &
  Partial<Pick<Conversation, 'webSearch'>>;

/**
 * The arguments of a new send in `conversation`, with fresh ids for both messages, naming the
 * attachments picked for it (their uploads may still be on their way: the server waits).
 */
export function newSend(
  conversation: SendingConversation,
  content: string,
  attachmentIds: readonly string[] = [],
): SendMessageArgs {
  return {
    conversationId: conversation.id,
    userMessageId: newId(),
    assistantMessageId: newId(),
    content,
    model: conversation.model,
    createdAt: Date.now(),
    ...(reasoningWanted(conversation.model) ? { reasoning: true } : {}),
    ...(attachmentIds.length > 0 ? { attachmentIds: [...attachmentIds] } : {}),
    // Each send says, so an answer queued offline searches as the toggle was when it was sent.
    ...(conversation.webSearch === undefined ? {} : { webSearch: conversation.webSearch }),
  };
}

/** The messages `send` will write after `messages`, as the store will hold them. */
export function sentMessages(send: SendMessageArgs, messages: readonly Message[]): Message[] {
  return exchangeMessages(send.conversationId, send, nextMessageOrder(messages));
}

/**
 * Starts a conversation with its first message, answered by `model`, with the new chat's
 * `Search the web` toggle; returns its id.
 */
export async function startConversation(
  rep: ParleyReplicache,
  content: string,
  model: string,
  attachmentIds: readonly string[] = [],
  webSearch = false,
): Promise<string> {
  const conversation = { id: newId(), model, webSearch };
  await rep.mutate.createConversation({
    ...conversation,
    title: titleFromMessage(content),
    createdAt: Date.now(),
  });
  await sendMessage(rep, conversation, content, attachmentIds);
  return conversation.id;
}
