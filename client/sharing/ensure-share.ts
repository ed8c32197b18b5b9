import { newId } from '../sync/new-id.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';
import { newShareArgs } from './share-changes.ts';
import { getShareOfConversation, lastMessageOrder } from './share-queries.ts';
import { newShareToken } from './share-token.ts';

/**
 * Makes a link to the conversation unless it has one. The token is made here, so the link
 * exists at once, offline too; it opens for others once the share has been pushed.
 */
export async function ensureShare(rep: ParleyReplicache, conversationId: string): Promise<void> {
  const { existing, lastOrder } = await rep.query(async (tx) => ({
    existing: await getShareOfConversation(tx, conversationId),
    lastOrder: await lastMessageOrder(tx, conversationId),
  }));
  if (existing) return;
  await rep.mutate.createShare(
    newShareArgs({
      id: newId(),
      token: newShareToken(),
      conversationId,
      lastOrder,
      now: Date.now(),
    }),
  );
}
