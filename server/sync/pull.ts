import { and, eq, inArray, lt } from 'drizzle-orm';
import type { PatchOperation, PullResponseOKV1 } from 'replicache';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database, Transaction } from '../db/database.ts';
import { replicacheClient, replicacheClientGroup, replicacheCvr } from '../db/replicache-schema.ts';
import { transact } from '../db/transact.ts';
import { ensureClientGroup } from './client-groups.ts';
import { type ClientViewRecord, diffClientViews, isEmptyDiff } from './client-view.ts';
import type { PullRequestV1 } from './protocol.ts';
import {
  conversationEntity,
  conversationRowKey,
  messageEntity,
  messageRowKey,
} from './row-entities.ts';

/** How many past client view records to keep per group, for pulls racing each other. */
const keptRecords = 8;

/**
 * Answers a pull with the row-versioning strategy: build the client view record of what the
 * caller may see now, diff it against the record named by the cookie, and send only the
 * difference. A cookie whose record is gone (pruned, or from another server) starts over
 * with `clear`.
 */
export async function processPull(
  db: Database,
  userId: string,
  pull: PullRequestV1,
): Promise<PullResponseOKV1> {
  return transact(db, async (tx) => {
    const group = await ensureClientGroup(tx, userId, pull.clientGroupID);
    const previous = pull.cookie ? await readRecord(tx, group.id, pull.cookie.order) : undefined;
    const next = await currentRecord(tx, userId, group.id);
    const diff = diffClientViews(previous, next);
    if (previous && pull.cookie && isEmptyDiff(diff)) {
      return { cookie: pull.cookie, lastMutationIDChanges: {}, patch: [] };
    }

    const patch: PatchOperation[] = previous ? [] : [{ op: 'clear' }];
    for (const key of diff.dels) patch.push({ op: 'del', key });
    patch.push(...(await putsFor(tx, userId, new Set(diff.puts))));

    const order = Math.max(group.cvrVersion, pull.cookie?.order ?? 0) + 1;
    await tx
      .update(replicacheClientGroup)
      .set({ cvrVersion: order, lastModified: new Date() })
      .where(eq(replicacheClientGroup.id, group.id));
    await tx.insert(replicacheCvr).values({ clientGroupId: group.id, order, ...next });
    await tx
      .delete(replicacheCvr)
      .where(
        and(
          eq(replicacheCvr.clientGroupId, group.id),
          lt(replicacheCvr.order, order - keptRecords),
        ),
      );
    return { cookie: { order }, lastMutationIDChanges: diff.lastMutationIDChanges, patch };
  });
}

async function readRecord(tx: Transaction, groupId: string, order: number) {
  const [row] = await tx
    .select({ entries: replicacheCvr.entries, clients: replicacheCvr.clients })
    .from(replicacheCvr)
    .where(and(eq(replicacheCvr.clientGroupId, groupId), eq(replicacheCvr.order, order)));
  return row;
}

/** Every key the user may see with its row version, and the group's clients. */
async function currentRecord(
  tx: Transaction,
  userId: string,
  groupId: string,
): Promise<ClientViewRecord> {
  const [conversations, messages, clients] = await Promise.all([
    tx
      .select({ id: conversation.id, version: conversation.version })
      .from(conversation)
      .where(eq(conversation.userId, userId)),
    tx
      .select({ id: message.id, conversationId: message.conversationId, version: message.version })
      .from(message)
      .where(eq(message.userId, userId)),
    tx
      .select({ id: replicacheClient.id, lastMutationId: replicacheClient.lastMutationId })
      .from(replicacheClient)
      .where(eq(replicacheClient.clientGroupId, groupId)),
  ]);
  const entries: Record<string, number> = {};
  for (const row of conversations) entries[conversationRowKey(row)] = row.version;
  for (const row of messages) entries[messageRowKey(row)] = row.version;
  return {
    entries,
    clients: Object.fromEntries(clients.map((c) => [c.id, c.lastMutationId])),
  };
}

/** Full rows for the changed keys, read with the owner check again. */
async function putsFor(
  tx: Transaction,
  userId: string,
  keys: Set<string>,
): Promise<PatchOperation[]> {
  if (keys.size === 0) return [];
  const conversationIds: string[] = [];
  const messageIds: string[] = [];
  for (const key of keys) {
    const [kind, first, second] = key.split('/');
    if (kind === 'conversation' && first) conversationIds.push(first);
    if (kind === 'message' && second) messageIds.push(second);
  }
  const puts: PatchOperation[] = [];
  for (const ids of chunk(conversationIds)) {
    const rows = await tx
      .select()
      .from(conversation)
      .where(and(eq(conversation.userId, userId), inArray(conversation.id, ids)));
    for (const row of rows)
      puts.push({ op: 'put', key: conversationRowKey(row), value: conversationEntity(row) });
  }
  for (const ids of chunk(messageIds)) {
    const rows = await tx
      .select()
      .from(message)
      .where(and(eq(message.userId, userId), inArray(message.id, ids)));
    for (const row of rows)
      puts.push({ op: 'put', key: messageRowKey(row), value: messageEntity(row) });
  }
  return puts;
}

// Keeps each IN (...) list well under Postgres's bind-parameter limit.
function* chunk<T>(items: T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
