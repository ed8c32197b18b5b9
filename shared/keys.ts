/**
 * The Replicache key layout. Messages sit under their conversation so that one prefix scan
 * reads a whole conversation.
 */
export const conversationPrefix = 'conversation/';
export const messagePrefix = 'message/';

export const conversationKey = (id: string) => `${conversationPrefix}${id}`;
export const messagesOfConversationPrefix = (conversationId: string) =>
  `${messagePrefix}${conversationId}/`;
export const messageKey = (conversationId: string, id: string) =>
  `${messagesOfConversationPrefix(conversationId)}${id}`;

/** Attachments sit apart from messages: one exists (uploaded) before its message is sent. */
export const attachmentPrefix = 'attachment/';
export const attachmentKey = (id: string) => `${attachmentPrefix}${id}`;

/** Share links sit apart from their conversations: Settings lists them all. */
export const sharePrefix = 'share/';
export const shareKey = (id: string) => `${sharePrefix}${id}`;
