import { and, count, desc, eq, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { MessageSource, MessageStatus } from '../../shared/entities.ts';
import { message } from '../db/chat-schema.ts';
import type { Database, Queryable } from '../db/database.ts';
import { retryOnConflict } from '../db/transact.ts';
import { visibleUpdate } from '../sync/visible-write.ts';
import type { ChatTurn } from './generate.ts';

/** A run this process owns: the answer's id, the run's id (its stream key) and its owner. */
export type ClaimedRun = {
  messageId: string;
  runId: string;
  userId: string;
  conversationId: string;
  model: string;
  order: number;
  /** Whether the person asked for reasoning before the answer (absent: they did not). */
  reasoning?: boolean | undefined;
  /** Whether the person asked for a web search before the answer (absent: they did not). */
  webSearch?: boolean | undefined;
};

export type RunUsage = {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  reasoningTokens?: number | undefined;
  cachedInputTokens?: number | undefined;
  costUsd?: number | undefined;
};

/**
 * Takes a `pending` answer for this process: `streaming`, a fresh run id, a lease. Null when
 * another process (or an earlier call) took it first. Callers keep the person's cap
 * (run-queue.ts) and retry on conflict.
 */
export async function claimRun(
  db: Queryable,
  messageId: string,
  owner: string,
  leaseMs: number,
): Promise<ClaimedRun | null> {
  const now = Date.now();
  const [row] = await db
    .update(message)
    .set(
      visibleUpdate(message, {
        status: 'streaming',
        leaseOwner: owner,
        leaseExpiresAt: new Date(now + leaseMs),
        content: '',
        reasoning: '',
        reasoningMs: null,
        sources: null,
        error: null,
        messagesLeftOut: 0,
        updatedAt: new Date(now),
      }),
    )
    .where(
      and(
        eq(message.id, messageId),
        eq(message.status, 'pending'),
        eq(message.role, 'assistant'),
        isNotNull(message.runId),
        // Never before the uploads its message names have all arrived.
        isNull(message.awaitingAttachments),
      ),
    )
    .returning();
  if (!row?.runId || !row.model) return null;
  return {
    messageId: row.id,
    runId: row.runId,
    userId: row.userId,
    conversationId: row.conversationId,
    model: row.model,
    order: row.order,
    reasoning: row.reasoningRequested,
    webSearch: row.webSearchRequested,
  };
}

/** What a run has written so far: the answer's text and the reasoning before it. */
export type RunText = { content: string; reasoning: string };

/**
 * Extends the lease and checkpoints the text so far, without bumping the row version:
 * devices read live text from the stream, and the checkpoint only matters if this process dies.
 */
export async function renewLease(
  db: Database,
  run: ClaimedRun,
  leaseMs: number,
  { content, reasoning }: RunText,
) {
  const renewed = await db
    .update(message)
    .set({ leaseExpiresAt: new Date(Date.now() + leaseMs), content, reasoning })
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

/**
 * Writes how a run ended in one update. A run that is no longer current (retried, or already
 * finalised as interrupted by another process) changes nothing.
 */
export async function finishRun(
  db: Database,
  run: ClaimedRun,
  outcome: {
    status: MessageStatus;
    content: string;
    /** Absent for a run that never reached the model: it keeps the '' it was claimed with. */
    reasoning?: string | undefined;
    reasoningMs?: number | null | undefined;
    /** The web pages the answer cites; absent for a run that never reached the model. */
    sources?: MessageSource[] | undefined;
    error: string | null;
    model: string;
    usage: RunUsage | null;
    finishReason: string | null;
    /** When the message limit that refused the run resets; none for any other ending. */
    limitResetsAt?: Date | undefined;
  },
): Promise<boolean> {
  const updated = await retryOnConflict(() =>
    db
      .update(message)
      .set(
        visibleUpdate(message, {
          status: outcome.status,
          content: outcome.content,
          reasoning: outcome.reasoning,
          reasoningMs: outcome.reasoningMs,
          sources: outcome.sources,
          error: outcome.error,
          limitResetsAt: outcome.limitResetsAt ?? null,
          model: outcome.model,
          usage: outcome.usage,
          finishReason: outcome.finishReason,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: new Date(),
        }),
      )
      .where(
        and(
          eq(message.id, run.messageId),
          eq(message.runId, run.runId),
          eq(message.status, 'streaming'),
        ),
      )
      .returning({ id: message.id }),
  );
  return updated.length > 0;
}

/** A streaming answer whose lease has lapsed: its process died (or lost the database). */
export type LapsedRun = {
  id: string;
  userId: string;
  runId: string | null;
  content: string;
  reasoning: string;
};

/** The streaming answers whose lease has lapsed. */
export async function lapsedRuns(db: Database, now: Date): Promise<LapsedRun[]> {
  return db
    .select({
      id: message.id,
      userId: message.userId,
      runId: message.runId,
      content: message.content,
      reasoning: message.reasoning,
    })
    .from(message)
    .where(and(eq(message.status, 'streaming'), leaseLapsed(now)));
}

/**
 * Finalises a lapsed run as `interrupted` with its text, unless its lease was renewed (or it
 * was finalised) meanwhile. Returns whether this call did it.
 */
export async function interruptRun(
  db: Database,
  run: LapsedRun,
  { content, reasoning }: RunText,
  now: Date,
): Promise<boolean> {
  const updated = await retryOnConflict(() =>
    db
      .update(message)
      .set(
        visibleUpdate(message, {
          status: 'interrupted',
          content,
          reasoning,
          error: 'The server stopped while answering. Retry to try again.',
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
        }),
      )
      .where(
        and(
          eq(message.id, run.id),
          run.runId === null ? isNull(message.runId) : eq(message.runId, run.runId),
          eq(message.status, 'streaming'),
          leaseLapsed(now),
        ),
      )
      .returning({ id: message.id }),
  );
  return updated.length > 0;
}

const leaseLapsed = (now: Date) =>
  or(isNull(message.leaseExpiresAt), lt(message.leaseExpiresAt, now));

/** Messages a model continues from: finished ones, whole or cut short. */
const contextStatuses: MessageStatus[] = ['done', 'stopped', 'interrupted'];
/** The first page of a conversation's context; the next ones are sized by what is still wanted. */
const firstContextPage = 64;
const largestContextPage = 2_048;

/**
 * The conversation before the answer, oldest first: what the model is asked to continue. Read
 * newest first, a page at a time, and only until `maxChars` of it are in: older messages could
 * not fit the model anyway, and a long chat is not read whole for every answer. `earlier`
 * counts the messages left unread.
 */
export async function runContext(
  db: Database,
  run: ClaimedRun,
  maxChars = Number.POSITIVE_INFINITY,
): Promise<{ turns: ChatTurn[]; earlier: number }> {
  const newestFirst: ChatTurn[] = [];
  let chars = 0;
  let before = run.order;
  let page = firstContextPage;
  for (;;) {
    const rows = await db
      .select({
        id: message.id,
        role: message.role,
        content: message.content,
        order: message.order,
      })
      .from(message)
      .where(
        and(
          eq(message.conversationId, run.conversationId),
          lt(message.order, before),
          inArray(message.status, contextStatuses),
        ),
      )
      .orderBy(desc(message.order))
      .limit(page);
    for (const row of rows) {
      newestFirst.push({ role: row.role, content: row.content, messageId: row.id });
      chars += row.content.length;
    }
    const last = rows.at(-1);
    if (!last || rows.length < page) return { turns: newestFirst.reverse(), earlier: 0 };
    before = last.order;
    if (chars > maxChars) break;
    // As many rows again as the characters still wanted take at the average so far, and a
    // fifth more: most long chats need one more page.
    const wanted = ((maxChars - chars) / Math.max(1, chars / newestFirst.length)) * 1.2;
    page = Math.min(largestContextPage, Math.max(firstContextPage, Math.ceil(wanted)));
  }
  const [left] = await db
    .select({ count: count() })
    .from(message)
    .where(
      and(
        eq(message.conversationId, run.conversationId),
        lt(message.order, before),
        inArray(message.status, contextStatuses),
      ),
    );
  return { turns: newestFirst.reverse(), earlier: left?.count ?? 0 };
}

/**
 * Notes on the answer how many earlier messages its model was not shown. Not a visible change
 * by itself: the final row carries it to devices.
 */
export async function noteMessagesLeftOut(db: Database, run: ClaimedRun, messagesLeftOut: number) {
  await db
    .update(message)
    .set({ messagesLeftOut })
    .where(
      and(
        eq(message.id, run.messageId),
        eq(message.runId, run.runId),
        eq(message.status, 'streaming'),
      ),
    );
}
