import { and, eq, inArray } from 'drizzle-orm';
import type { AttachmentSweeper } from '../attachments/sweep.ts';
import type { Auth } from '../auth/auth.ts';
import type { AttemptStore } from '../auth/throttle/attempt-store.ts';
import type { AuthThrottle } from '../auth/throttle/auth-throttle.ts';
import { session, user, verification } from '../db/auth-schema.ts';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { messageCountKeys } from '../inference/message-limits.ts';
import type { Runner } from '../inference/runner.ts';

export type DeleteAccountDeps = {
  db: Database;
  auth: Auth;
  throttle: Pick<AuthThrottle, 'forgetAccount'>;
  attempts: Pick<AttemptStore, 'clear'>;
  runner: Pick<Runner, 'stop'>;
  /** Deletes the bytes of attachments whose rows are gone (the deletion queued theirs). */
  sweeper: Pick<AttachmentSweeper, 'sweep'>;
};

/**
 * Deletes a person and everything of theirs, in one transaction: deleting the user row takes
 * every row that names them with it (sessions, sign-in accounts with the password hash,
 * conversations, messages, the saved key, Replicache's client groups, clients, version and
 * tombstones: each `user_id` cascades, see server/db/*-schema.ts), and verifications naming
 * them go too. After it commits, every session of theirs is announced as ended (each device's
 * streams end; its next request is a 401, upon which it clears what it holds); the failed
 * sign-ins counted against their email and their answers counted on the operator's key are
 * forgotten; answers still generating are stopped; and their attachments' bytes are swept. Their answer streams' chunks expire
 * with the store's grace period: no reader can reach them, as a stream is only served for a
 * message its reader owns.
 */
export async function deleteAccount(
  { db, auth, throttle, attempts, runner, sweeper }: DeleteAccountDeps,
  userId: string,
): Promise<void> {
  const { email, tokens, generating } = await db.transaction(async (tx) => {
    const generating = await tx
      .select({ id: message.id })
      .from(message)
      .where(and(eq(message.userId, userId), inArray(message.status, ['pending', 'streaming'])));
    // Taken inside the transaction: a session made meanwhile is in the list or waits for it.
    const tokens = await tx
      .delete(session)
      .where(eq(session.userId, userId))
      .returning({ token: session.token });
    await tx.delete(verification).where(eq(verification.value, userId));
    const [deleted] = await tx
      .delete(user)
      .where(eq(user.id, userId))
      .returning({ email: user.email });
    return { email: deleted?.email, tokens: tokens.map((row) => row.token), generating };
  });
  await auth.endSessions(tokens);
  await Promise.all([
    ...(email === undefined ? [] : [throttle.forgetAccount(email)]),
    ...Object.values(messageCountKeys(userId)).map((key) => attempts.clear(key)),
  ]);
  await Promise.all(generating.map((row) => runner.stop(row.id).catch(() => {})));
  await sweeper.sweep();
}
