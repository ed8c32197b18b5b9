import { and, asc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import { ShareToken } from '../../shared/entities.ts';
import { attachment } from '../db/attachment-schema.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database, Transaction } from '../db/database.ts';
import { type ShareRow, share } from '../db/share-schema.ts';
import { sameToken, shareTokenHash } from './share-token.ts';

type Queryable = Database | Transaction;

/** A share that opens, with its conversation's title and model. */
export type OpenShare = ShareRow & { title: string; model: string };

/**
 * The share `token` opens right now, or undefined: a token that is malformed, unknown,
 * stopped (its row is gone) or expired opens nothing, and the caller cannot tell which.
 */
export async function findOpenShare(
  db: Queryable,
  token: string,
  now: Date,
): Promise<OpenShare | undefined> {
  if (!ShareToken.safeParse(token).success) return undefined;
  const [row] = await db
    .select({ share, title: conversation.title, model: conversation.model })
    .from(share)
    .innerJoin(conversation, eq(conversation.id, share.conversationId))
    .where(eq(share.tokenHash, shareTokenHash(token)));
  if (!row || !sameToken(row.share.token, token)) return undefined;
  if (row.share.expiresAt && row.share.expiresAt.getTime() <= now.getTime()) return undefined;
  return { ...row.share, title: row.title, model: row.model };
}

/** Which of the conversation's messages the share shows: all of a live one, a snapshot's first. */
function shownMessages(open: OpenShare): SQL | undefined {
  const ofConversation = eq(message.conversationId, open.conversationId);
  return open.mode === 'snapshot' && open.throughOrder !== null
    ? and(ofConversation, lte(message.order, open.throughOrder))
    : ofConversation;
}

/** The messages a share shows, in order, read in one query. */
export function sharedMessages(db: Queryable, open: OpenShare) {
  return db.select().from(message).where(shownMessages(open)).orderBy(asc(message.order));
}

/** The attachments of the messages a share shows (never where their bytes are kept). */
export function sharedAttachments(db: Queryable, open: OpenShare, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: attachment.id,
      messageId: attachment.messageId,
      name: attachment.name,
      mediaType: attachment.mediaType,
    })
    .from(attachment)
    .where(and(eq(attachment.userId, open.userId), inArray(attachment.messageId, [...messageIds])))
    .orderBy(asc(attachment.createdAt), asc(attachment.id));
}

/** One attachment, if it belongs to a message the share shows; else undefined. */
export async function sharedAttachment(db: Queryable, open: OpenShare, attachmentId: string) {
  const [row] = await db
    .select({ attachment })
    .from(attachment)
    .innerJoin(message, eq(message.id, attachment.messageId))
    .where(
      and(eq(attachment.id, attachmentId), eq(attachment.userId, open.userId), shownMessages(open)),
    );
  return row?.attachment;
}
