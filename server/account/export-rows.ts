import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { MessageSource } from '../../shared/entities.ts';
import { attachment } from '../db/attachment-schema.ts';
import { user } from '../db/auth-schema.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { storedSources } from '../web-search/answer-sources.ts';

/** Conversations read per query: an export never holds a whole account in memory. */
const conversationsPerPage = 50;

/** The person as their export describes them: no password hash, no key, no session. */
export type ExportedProfile = { id: string; name: string; email: string; createdAt: string };

/** A conversation with its messages, in order, as the export writes them. */
export type ExportedConversation = {
  id: string;
  title: string;
  model: string;
  createdAt: string;
  updatedAt: string;
  pinnedAt: string | null;
  parentConversationId: string | null;
  branchPointMessageId: string | null;
  branchKind: string | null;
  /** Whether its answers search the web first (the `Search the web` toggle). */
  webSearch: boolean;
  messages: ExportedMessage[];
};

export type ExportedMessage = {
  id: string;
  role: string;
  content: string;
  parts: unknown;
  status: string;
  model: string | null;
  error: string | null;
  usage: unknown;
  finishReason: string | null;
  /** The web pages an answer cites. */
  sources: MessageSource[];
  createdAt: string;
  /** What the message carries: uploads, and images its model made. Metadata, not bytes. */
  attachments: ExportedAttachment[];
};

export type ExportedAttachment = {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  source: string;
  createdAt: string;
  /** Where its bytes are in the archive; null when they are not there (see export-archive). */
  file: string | null;
};

/** A conversation as read for the export, with where its attachments' bytes are stored. */
export type ReadConversation = {
  conversation: ExportedConversation;
  /** Attachment id → its storage key; never written into the archive. */
  storageKeys: ReadonlyMap<string, string>;
};

export async function readProfile(db: Database, userId: string): Promise<ExportedProfile | null> {
  const [row] = await db
    .select({ id: user.id, name: user.name, email: user.email, createdAt: user.createdAt })
    .from(user)
    .where(eq(user.id, userId));
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}

export async function countConversations(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(conversation)
    .where(eq(conversation.userId, userId));
  return row?.n ?? 0;
}

/**
 * The person's conversations one at a time, each with its messages: a page of conversations
 * per query, then one query per conversation for its messages. Only rows whose `user_id` is
 * `userId` are ever read.
 */
export async function* readConversations(
  db: Database,
  userId: string,
): AsyncGenerator<ReadConversation> {
  let after = '';
  for (;;) {
    const page = await db
      .select()
      .from(conversation)
      .where(and(eq(conversation.userId, userId), gt(conversation.id, after)))
      .orderBy(asc(conversation.id))
      .limit(conversationsPerPage);
    for (const row of page) {
      const messages = await db
        .select()
        .from(message)
        .where(and(eq(message.userId, userId), eq(message.conversationId, row.id)))
        .orderBy(asc(message.order));
      const files = await db
        .select({
          id: attachment.id,
          messageId: attachment.messageId,
          name: attachment.name,
          mediaType: attachment.mediaType,
          size: attachment.size,
          source: attachment.source,
          createdAt: attachment.createdAt,
          storageKey: attachment.storageKey,
        })
        .from(attachment)
        .innerJoin(message, eq(message.id, attachment.messageId))
        .where(and(eq(attachment.userId, userId), eq(message.conversationId, row.id)))
        .orderBy(asc(attachment.createdAt), asc(attachment.id));
      const filesOf = (messageId: string) =>
        files
          .filter((file) => file.messageId === messageId)
          .map(({ messageId: _, storageKey: __, createdAt, ...file }) => ({
            ...file,
            createdAt: createdAt.toISOString(),
            file: null,
          }));
      const conversationRow: ExportedConversation = {
        id: row.id,
        title: row.title,
        model: row.model,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        pinnedAt: row.pinnedAt?.toISOString() ?? null,
        parentConversationId: row.parentConversationId,
        branchPointMessageId: row.branchPointMessageId,
        branchKind: row.branchKind,
        webSearch: row.webSearch,
        messages: messages.map((m) => ({
          id: m.id,
          role: m.role,
          content: m.content,
          parts: m.parts,
          status: m.status,
          model: m.model,
          error: m.error,
          usage: m.usage,
          finishReason: m.finishReason,
          sources: storedSources(m.sources),
          createdAt: m.createdAt.toISOString(),
          attachments: filesOf(m.id),
        })),
      };
      yield {
        conversation: conversationRow,
        storageKeys: new Map(files.map((file) => [file.id, file.storageKey])),
      };
    }
    const last = page.at(-1);
    if (!last || page.length < conversationsPerPage) return;
    after = last.id;
  }
}
