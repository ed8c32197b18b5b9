import { eq } from 'drizzle-orm';
import { ZodError } from 'zod';
import { isMutatorName } from '../../shared/mutators/args.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { Database } from '../db/database.ts';
import { replicacheClient } from '../db/replicache-schema.ts';
import { postgresConstraint, postgresErrorCode, transact } from '../db/transact.ts';
import { AppError, badRequest } from '../http/app-error.ts';
import { processLog } from '../observability/process-log.ts';
import { ensureGroupClient } from './client-groups.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { type Effect, MutationRefused, serverMutators } from './mutators.ts';
import type { MutationV1, PushRequestV1 } from './protocol.ts';
import { nextUserVersion } from './visible-write.ts';

export type PushResult = {
  /** Side effects asked for by the mutations that committed, to run now. */
  effects: Effect[];
  /** Whether any mutation was applied (refused ones included): other devices should pull. */
  changed: boolean;
  /**
   * The user's change counter before the first applied mutation, when every applied one knew
   * it: a device there can be sent the change as a patch (see the poke hub).
   */
  from?: number | undefined;
};

/**
 * A person's mutations take turns in this process. Each one takes the next value of that
 * person's change counter (decision 008), so applied side by side they would make Postgres
 * abort all but one and retry the rest: with hundreds at once (several devices, or a queue
 * flushed after a long time offline) the retries ran out and pushes failed with 500.
 */
const oneUserAtATime = createKeyedQueue();

/**
 * Applies a push: each mutation in its own transaction together with its client's
 * lastMutationID. A refused or failing mutation still advances lastMutationID (in a second
 * transaction that changes nothing else), so one bad mutation never blocks the queue behind it.
 */
export async function processPush(
  db: Database,
  storage: AttachmentStorage,
  userId: string,
  push: PushRequestV1,
): Promise<PushResult> {
  const effects: Effect[] = [];
  let changed = false;
  let from: number | undefined;
  let known = true;
  for (const mutation of push.mutations) {
    const outcome = await processMutation(db, storage, userId, push.clientGroupID, mutation);
    if (outcome === 'skipped') continue;
    changed = true;
    effects.push(...outcome.effects);
    if (outcome.from === null) known = false;
    else from ??= outcome.from;
  }
  return { effects, changed, from: known ? from : undefined };
}

/** A mutation's side effects, and the counter its transaction found (null: not known). */
type Applied = { effects: Effect[]; from: number | null };

async function processMutation(
  db: Database,
  storage: AttachmentStorage,
  userId: string,
  clientGroupId: string,
  mutation: MutationV1,
  refusal?: unknown,
): Promise<Applied | 'skipped'> {
  try {
    return await oneUserAtATime(userId, () =>
      transact(db, async (tx) => {
        const client = await ensureGroupClient(tx, userId, clientGroupId, mutation.clientID);
        const expected = client.lastMutationId + 1;
        if (mutation.id < expected) return 'skipped';
        if (mutation.id > expected) {
          throw badRequest(`Mutation ${mutation.id} arrived before ${expected}; push again.`);
        }
        const now = new Date();
        let effects: Effect[] = [];
        if (refusal === undefined) {
          if (!isMutatorName(mutation.name)) {
            throw new MutationRefused(`unknown mutator ${mutation.name}`);
          }
          effects = await serverMutators[mutation.name](
            { tx, userId, now, storage },
            mutation.args,
          );
        }
        // The new last mutation id must reach the device even when no row changed (a refused
        // mutation): the pull cookie is the user version, so it takes a new one, and a pull
        // reports the clients whose version is newer than its cookie.
        await tx
          .update(replicacheClient)
          .set({ lastMutationId: expected, lastModified: now, version: nextUserVersion(userId) })
          .where(eq(replicacheClient.id, client.id));
        // Under REPEATABLE READ the counter read first is the one this transaction moved on
        // from: a writer in between would have made it fail and retry.
        return { effects, from: client.counter };
      }),
    );
  } catch (error) {
    // Request-level errors (someone else's client group, out-of-order ids) and failures that
    // are not the mutation's fault (the database is down) fail the push: Replicache retries it.
    if (refusal !== undefined || !isRefusal(error)) throw error;
    logRefusal(mutation, error);
    return processMutation(db, storage, userId, clientGroupId, mutation, error);
  }
}

/**
 * Errors that the same mutation would hit again on every retry: it is refused for good and
 * the client's queue moves past it.
 */
function isRefusal(error: unknown): boolean {
  if (error instanceof AppError) return false;
  if (error instanceof MutationRefused || error instanceof ZodError) return true;
  // Postgres data exceptions (22xxx) and integrity violations (23xxx) come from the input.
  const code = postgresErrorCode(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Logs a refusal by ids and reasons only. Never the error itself: drizzle's wrapping of a
 * Postgres error carries the query's parameters (what the person wrote), and Postgres' own
 * message and detail may quote a row's values.
 */
function logRefusal(mutation: MutationV1, error: unknown) {
  processLog.warn('push.mutation_refused', {
    mutation: mutation.name,
    mutationId: mutation.id,
    clientId: mutation.clientID,
    reason: refusalReason(error),
  });
}

function refusalReason(error: unknown): string {
  if (error instanceof MutationRefused) return error.message;
  if (error instanceof ZodError) {
    const issues = error.issues.map(
      (issue) => `${issue.code} at ${issue.path.join('.') || '(root)'}`,
    );
    return `invalid arguments (${issues.join(', ')})`;
  }
  const constraint = postgresConstraint(error);
  return `Postgres ${postgresErrorCode(error)}${constraint ? ` on ${constraint}` : ''}`;
}
