import { and, eq, gt } from 'drizzle-orm';
import type { PatchOperation, PullResponseOKV1 } from 'replicache';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database, Transaction } from '../db/database.ts';
import {
  replicacheClient,
  replicacheTombstone,
  replicacheUserVersion,
} from '../db/replicache-schema.ts';
import { transact } from '../db/transact.ts';
import { ensureClientGroup } from './client-groups.ts';
import type { PullRequestV1 } from './protocol.ts';
import {
  conversationEntity,
  conversationRowKey,
  messageEntity,
  messageRowKey,
} from './row-entities.ts';

/**
 * Answers a pull with per-user versions (decision 005): every row the user sees carries the
 * user version of its last change, and every deletion a tombstone, so the pull sends what is
 * newer than the version the cookie names, whatever the size of the rest. No cookie, or one
 * this server did not hand out (an older strategy, another database), starts over with
 * `clear` and everything.
 *
 * REPEATABLE READ gives one snapshot; a user's writers take their versions one after another
 * on one row lock, so every version up to the snapshot's counter is in the snapshot.
 */
export async function processPull(
  db: Database,
  userId: string,
  pull: PullRequestV1,
): Promise<PullResponseOKV1> {
  return transact(db, async (tx) => {
    const group = await ensureClientGroup(tx, userId, pull.clientGroupID);
    const [counter] = await tx
      .select({ version: replicacheUserVersion.version })
      .from(replicacheUserVersion)
      .where(eq(replicacheUserVersion.userId, userId));
    const current = counter?.version ?? 0;
    const since = pull.cookie && pull.cookie.order <= current ? pull.cookie.order : null;
    const clients = await tx
      .select({ id: replicacheClient.id, lastMutationId: replicacheClient.lastMutationId })
      .from(replicacheClient)
      .where(eq(replicacheClient.clientGroupId, group.id));
    // A group has a few clients (tabs): all their ids are sent, changed or not.
    const lastMutationIDChanges = Object.fromEntries(clients.map((c) => [c.id, c.lastMutationId]));
    const cookie = { order: current, strategy: 'user-version' as const };
    if (since === current) return { cookie, lastMutationIDChanges, patch: [] };

    const patch: PatchOperation[] =
      since === null ? [{ op: 'clear' }] : await deletionsSince(tx, userId, since);
    patch.push(...(await putsSince(tx, userId, since ?? 0)));
    return { cookie, lastMutationIDChanges, patch };
  });
}

/** Keys deleted after `since`. They come before the puts: a key deleted, then made again, ends put. */
async function deletionsSince(
  tx: Transaction,
  userId: string,
  since: number,
): Promise<PatchOperation[]> {
  const rows = await tx
    .select({ key: replicacheTombstone.key })
    .from(replicacheTombstone)
    .where(and(eq(replicacheTombstone.userId, userId), gt(replicacheTombstone.version, since)));
  return rows.map((row) => ({ op: 'del', key: row.key }));
}

/** The user's rows changed after `since` (every row, from 0). */
async function putsSince(
  tx: Transaction,
  userId: string,
  since: number,
): Promise<PatchOperation[]> {
  const [conversations, messages] = await Promise.all([
    tx
      .select()
      .from(conversation)
      .where(and(eq(conversation.userId, userId), gt(conversation.version, since))),
    tx
      .select()
      .from(message)
      .where(and(eq(message.userId, userId), gt(message.version, since))),
  ]);
  return [
    ...conversations.map(
      (row): PatchOperation => ({
        op: 'put',
        key: conversationRowKey(row),
        value: conversationEntity(row),
      }),
    ),
    ...messages.map(
      (row): PatchOperation => ({ op: 'put', key: messageRowKey(row), value: messageEntity(row) }),
    ),
  ];
}
