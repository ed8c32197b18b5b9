import { eq, sql } from 'drizzle-orm';
import { ErrorCode } from '../../shared/errors.ts';
import type { Transaction } from '../db/database.ts';
import {
  replicacheClient,
  replicacheClientGroup,
  replicacheUserVersion,
} from '../db/replicache-schema.ts';
import { AppError } from '../http/app-error.ts';

// A client group or client id that belongs to someone else answers "not found", exactly as
// one that does not exist would for a read, so ids reveal nothing.

/** The caller's client group, created on first sight. */
export async function ensureClientGroup(tx: Transaction, userId: string, id: string) {
  const [existing] = await tx
    .select()
    .from(replicacheClientGroup)
    .where(eq(replicacheClientGroup.id, id));
  if (existing) {
    if (existing.userId !== userId) throw new AppError(ErrorCode.notFound, 'Unknown client group');
    return existing;
  }
  // Push and pull race to create a new group; the loser's insert conflicts and (under
  // REPEATABLE READ) its transaction is retried, then finds the row above.
  await tx.insert(replicacheClientGroup).values({ id, userId }).onConflictDoNothing();
  return ensureClientGroup(tx, userId, id);
}

/** A client of the group, created on first sight. */
export async function ensureClient(tx: Transaction, clientGroupId: string, id: string) {
  const [existing] = await tx.select().from(replicacheClient).where(eq(replicacheClient.id, id));
  if (existing) {
    if (existing.clientGroupId !== clientGroupId) {
      throw new AppError(ErrorCode.notFound, 'Unknown client');
    }
    return existing;
  }
  await tx.insert(replicacheClient).values({ id, clientGroupId }).onConflictDoNothing();
  return ensureClient(tx, clientGroupId, id);
}

/**
 * The client `clientId` of the caller's group `groupId`, each created on first sight: in one
 * statement when both exist (every push but a tab's first), as a push waits on each in turn.
 * With it, the user's change counter as the transaction found it (`null` on a first sight):
 * the version the devices that are up to date are at.
 */
export async function ensureGroupClient(
  tx: Transaction,
  userId: string,
  groupId: string,
  clientId: string,
): Promise<{ id: string; lastMutationId: number; counter: number | null }> {
  const [found] = await tx
    .select({
      owner: replicacheClientGroup.userId,
      clientGroupId: replicacheClient.clientGroupId,
      lastMutationId: replicacheClient.lastMutationId,
      counter: sql<number | null>`(select ${replicacheUserVersion.version}
        from ${replicacheUserVersion} where ${replicacheUserVersion.userId} = ${userId})`,
    })
    .from(replicacheClientGroup)
    .leftJoin(replicacheClient, eq(replicacheClient.id, clientId))
    .where(eq(replicacheClientGroup.id, groupId));
  if (found?.owner === userId && found.clientGroupId === groupId && found.lastMutationId !== null) {
    return { id: clientId, lastMutationId: found.lastMutationId, counter: found.counter ?? 0 };
  }
  await ensureClientGroup(tx, userId, groupId);
  const client = await ensureClient(tx, groupId, clientId);
  return { id: client.id, lastMutationId: client.lastMutationId, counter: null };
}
