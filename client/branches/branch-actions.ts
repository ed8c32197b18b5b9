import type { Conversation, Message } from '../../shared/entities.ts';
import { reasoningWanted } from '../models/reasoning-choice.ts';
import { newId } from '../sync/new-id.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';

/** Branch off at a finished answer: a new conversation with everything up to it. Returns its id. */
export async function branchOff(rep: ParleyReplicache, answer: Message): Promise<string> {
  const id = newId();
  await rep.mutate.branchConversation({
    id,
    parentId: answer.conversationId,
    branchPointMessageId: answer.id,
    createdAt: Date.now(),
  });
  return id;
}

/**
 * Edit and resend a message of the person's: a new conversation with everything before it and
 * the new text, answered by the conversation's model. The original stays. Returns the new id.
 */
export async function editAndResend(
  rep: ParleyReplicache,
  conversation: Pick<Conversation, 'id' | 'model'>,
  message: Message,
  content: string,
): Promise<string> {
  const id = newId();
  await rep.mutate.editMessage({
    id,
    parentId: conversation.id,
    messageId: message.id,
    userMessageId: newId(),
    assistantMessageId: newId(),
    content,
    model: conversation.model,
    createdAt: Date.now(),
    ...(reasoningWanted(conversation.model) ? { reasoning: true } : {}),
  });
  return id;
}
