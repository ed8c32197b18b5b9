import type { ReadTransaction } from 'replicache';
import { Share } from '../../shared/entities.ts';
import { sharePrefix } from '../../shared/keys.ts';
import { listMessages, parseEach } from '../../shared/queries.ts';

// Reads of the person's share links in the local store, parsed as they leave it (as
// shared/queries.ts does). Only this device's app reads them; the server keeps its own.

/** Every share link of the person, newest first. */
export async function listShares(tx: ReadTransaction): Promise<Share[]> {
  const values = await tx.scan({ prefix: sharePrefix }).values().toArray();
  return parseEach(Share, values).sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/**
 * The share link of a conversation, or `null`. A conversation has at most one from this app;
 * should two devices each have made one offline, the newest is the one shown.
 */
export async function getShareOfConversation(
  tx: ReadTransaction,
  conversationId: string,
): Promise<Share | null> {
  const shares = await listShares(tx);
  return shares.find((share) => share.conversationId === conversationId) ?? null;
}

/**
 * The `order` of a conversation's last message, the one a snapshot made now shows up to; -1
 * for a conversation with none (orders start at 0).
 */
export async function lastMessageOrder(
  tx: ReadTransaction,
  conversationId: string,
): Promise<number> {
  const messages = await listMessages(tx, conversationId);
  return messages.reduce((highest, message) => Math.max(highest, message.order), -1);
}
