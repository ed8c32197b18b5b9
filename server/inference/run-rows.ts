import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { MessageStatus } from '../../shared/entities.ts';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';

/** A run this process owns: the answer's id, the run's id (its stream key) and its owner. */
export type ClaimedRun = {
  messageId: string;
  runId: string;
  userId: string;
  conversationId: string;
  model: string;
  order: number;
};

export type RunUsage = {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  costUsd?: number | undefined;
};

/**
 * Takes a `pending` answer for this process: `streaming`, a fresh run id, a lease. Null when
 * another process (or an earlier call) took it first.
 */
export async function claimRun(
  db: Database,
  messageId: string,
  owner: string,
  leaseMs: number,
): Promise<ClaimedRun | null> {
  const now = Date.now();
  const [row] = await retryOnConflict(() =>
    db
      .update(message)
      .set({
        status: 'streaming',
        leaseOwner: owner,
        leaseExpiresAt: new Date(now + leaseMs),
        content: '',
        error: null,
        updatedAt: new Date(now),
        version: sql`${message.version} + 1`,
      })
      .where(
        and(
          eq(message.id, messageId),
          eq(message.status, 'pending'),
          eq(message.role, 'assistant'),
          isNotNull(message.runId),
        ),
      )
      .returning(),
  );
  if (!row?.runId || !row.model) return null;
  return {
    messageId: row.id,
    runId: row.runId,
    userId: row.userId,
    conversationId: row.conversationId,
    model: row.model,
    order: row.order,
  };
}

/**
 * Extends the lease and checkpoints the text so far, without bumping the row version:
 * devices read live text from the stream, and the checkpoint only matters if this process dies.
 */
export async function renewLease(db: Database, run: ClaimedRun, leaseMs: number, content: string) {
  const renewed = await db
    .update(message)
    .set({ leaseExpiresAt: new Date(Date.now() + leaseMs), content })
    .where(
      and(
        eq(message.id, run.messageId),
        eq(message.runId, run.runId),
        eq(message.status, 'streaming'),
      ),
    )
    .returning({ id: message.id });
  return renewed.length > 0;
}

/** Writes how a run ended in one update; a run that is no longer current changes nothing. */
export async function finishRun(
  db: Database,
  run: ClaimedRun,
  outcome: {
    status: MessageStatus;
    content: string;
    error: string | null;
    model: string;
    usage: RunUsage | null;
    finishReason: string | null;
  },
): Promise<boolean> {
  const updated = await retryOnConflict(() =>
    db
      .update(message)
      .set({
        status: outcome.status,
        content: outcome.content,
        error: outcome.error,
        model: outcome.model,
        usage: outcome.usage,
        finishReason: outcome.finishReason,
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: new Date(),
        version: sql`${message.version} + 1`,
      })
      .where(and(eq(message.id, run.messageId), eq(message.runId, run.runId)))
      .returning({ id: message.id }),
  );
  return updated.length > 0;
}

/**
 * Finalises as `interrupted` every streaming answer whose lease has lapsed (its process died),
 * keeping its last checkpointed text. Returns them so the caller can close their streams and poke.
 */
export async function interruptLapsedRuns(db: Database, now = new Date()) {
  return db
    .update(message)
    .set({
      status: 'interrupted',
      error: 'The server stopped while answering. Retry to try again.',
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
      version: sql`${message.version} + 1`,
    })
    .where(
      and(
        eq(message.status, 'streaming'),
        or(isNull(message.leaseExpiresAt), lt(message.leaseExpiresAt, now)),
      ),
    )
    .returning({ id: message.id, userId: message.userId, runId: message.runId });
}

/** Answers accepted but never started (the process died between commit and start). */
export async function pendingAnswers(db: Database, limit = 100) {
  return db
    .select({ id: message.id, userId: message.userId })
    .from(message)
    .where(and(eq(message.status, 'pending'), eq(message.role, 'assistant')))
    .orderBy(asc(message.createdAt))
    .limit(limit);
}

/** The conversation before the answer, oldest first: what the model is asked to continue. */
export async function runContext(db: Database, run: ClaimedRun) {
  return db
    .select({ role: message.role, content: message.content, status: message.status })
    .from(message)
    .where(
      and(
        eq(message.conversationId, run.conversationId),
        lt(message.order, run.order),
        inArray(message.status, ['done', 'stopped', 'interrupted']),
      ),
    )
    .orderBy(asc(message.order));
}
