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
  conversation: Pick<Conversation, 'id' | 'model'>,
  content: string,
  attachmentIds: readonly string[] = [],
): Promise<void> {
  await rep.mutate.sendMessage(newSend(conversation, content, attachmentIds));
}

/**
 * The arguments of a new send in `conversation`, with fresh ids for both messages, naming the
 * attachments picked for it (their uploads may still be on their way: the server waits).
 */
export function newSend(
  conversation: Pick<Conversation, 'id' | 'model'>,
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
  };
}

/** The messages `send` will write after `messages`, as the store will hold them. */
export function sentMessages(send: SendMessageArgs, messages: readonly Message[]): Message[] {
  return exchangeMessages(send.conversationId, send, nextMessageOrder(messages));
}

/** Starts a conversation with its first message, answered by `model`; returns its id. */
export async function startConversation(
  rep: ParleyReplicache,
  content: string,
  model: string,
  attachmentIds: readonly string[] = [],
): Promise<string> {
  const conversation = { id: newId(), model };
  await rep.mutate.createConversation({
    ...conversation,
    title: titleFromMessage(content),
    createdAt: Date.now(),
  });
  await sendMessage(rep, conversation, content, attachmentIds);
  return conversation.id;
}
