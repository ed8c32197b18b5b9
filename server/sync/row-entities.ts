import {
  type Attachment,
  type Conversation,
  type Message,
  MessageUsage,
  type Share,
} from '../../shared/entities.ts';
import { attachmentKey, conversationKey, messageKey, shareKey } from '../../shared/keys.ts';
import type { AttachmentRow } from '../db/attachment-schema.ts';
import type { ConversationRow, MessageRow } from '../db/chat-schema.ts';
import type { ShareRow } from '../db/share-schema.ts';
import { storedSources } from '../web-search/answer-sources.ts';

/** The Replicache value of a conversation row. */
export function conversationEntity(row: ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    model: row.model,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    parentConversationId: row.parentConversationId,
    branchPointMessageId: row.branchPointMessageId,
    branchKind: row.branchKind,
    pinnedAt: row.pinnedAt?.getTime() ?? null,
    webSearch: row.webSearch,
  };
}

/** The Replicache value of a message row. */
export function messageEntity(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    role: row.role,
    content: row.content,
    status: row.status,
    model: row.model,
    error: row.error,
    limitResetsAt: row.limitResetsAt?.getTime() ?? null,
    order: row.order,
    createdAt: row.createdAt.getTime(),
    runId: row.runId,
    // Stored as the run reported it; a shape this version does not know is left out.
    usage: row.usage === null ? null : (MessageUsage.safeParse(row.usage).data ?? null),
    messagesLeftOut: row.messagesLeftOut,
    reasoning: row.reasoning,
    reasoningMs: row.reasoningMs,
    sources: storedSources(row.sources),
  };
}

export const conversationRowKey = (row: Pick<ConversationRow, 'id'>) => conversationKey(row.id);
export const messageRowKey = (row: Pick<MessageRow, 'id' | 'conversationId'>) =>
  messageKey(row.conversationId, row.id);

/** The Replicache value of an attachment row: its metadata, never where its bytes are. */
export function attachmentEntity(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    messageId: row.messageId,
    name: row.name,
    mediaType: row.mediaType,
    size: row.size,
    pageCount: row.pageCount,
    createdAt: row.createdAt.getTime(),
    source: row.source,
  };
}

export const attachmentRowKey = (row: Pick<AttachmentRow, 'id'>) => attachmentKey(row.id);

/** The Replicache value of a share row: only its owner pulls it (the token is theirs). */
export function shareEntity(row: ShareRow): Share {
  return {
    id: row.id,
    conversationId: row.conversationId,
    token: row.token,
    mode: row.mode,
    throughOrder: row.throughOrder,
    expiresAt: row.expiresAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
  };
}

export const shareRowKey = (row: Pick<ShareRow, 'id'>) => shareKey(row.id);
