import { and, eq } from 'drizzle-orm';
import { ErrorCode } from '../../shared/errors.ts';
import type { Auth } from '../auth/auth.ts';
import type { SessionUser } from '../auth/session.ts';
import { account } from '../db/auth-schema.ts';
import type { Database } from '../db/database.ts';
import { AppError, badRequest } from '../http/app-error.ts';

/** The stored password hash of the person's email-and-password sign-in, or null if none. */
export async function passwordHashOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ password: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, 'credential')));
  return row?.password ?? null;
}

/**
 * Makes sure that the person at the keyboard is the account's owner before something that
 * cannot be undone: their password when they have one, otherwise (signed in with GitHub or
 * Google only) their email address typed out. A session alone is not enough: a browser left
 * signed in must not be able to delete the account.
 */
export async function confirmIdentity(
  db: Database,
  auth: Auth,
  user: SessionUser,
  given: { password?: string | undefined; email?: string | undefined },
): Promise<void> {
  const hash = await passwordHashOf(db, user.id);
  if (hash !== null) {
    if (!given.password) throw badRequest('Enter your password to confirm.');
    const { password } = await auth.$context;
    if (!(await password.verify({ hash, password: given.password }))) {
      throw new AppError(ErrorCode.forbidden, 'That password is not right.');
    }
    return;
  }
  if (given.email?.trim().toLowerCase() !== user.email.toLowerCase()) {
    throw new AppError(ErrorCode.forbidden, 'Type your email address exactly to confirm.');
  }
}
