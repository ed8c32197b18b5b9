import type { Conversation } from '../../shared/entities.ts';
import { titleFromMessage } from '../../shared/titles.ts';
import { newId } from '../sync/new-id.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/** Sends a message in a conversation: the message and an empty answer appear at once, queued. */
export async function sendMessage(
  rep: ParleyReplicache,
  conversation: Pick<Conversation, 'id' | 'model'>,
  content: string,
): Promise<void> {
  await rep.mutate.sendMessage({
    conversationId: conversation.id,
    userMessageId: newId(),
    assistantMessageId: newId(),
    content,
    model: conversation.model,
    createdAt: Date.now(),
  });
}

/** Starts a conversation with its first message, answered by `model`; returns its id. */
export async function startConversation(
  rep: ParleyReplicache,
  content: string,
  model: string,
): Promise<string> {
  const conversation = { id: newId(), model };
  await rep.mutate.createConversation({
    ...conversation,
    title: titleFromMessage(content),
    createdAt: Date.now(),
  });
  await sendMessage(rep, conversation, content);
  return conversation.id;
}
