import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { commonPasswords } from '../../shared/common-passwords.ts';
import { passwordProblem } from '../../shared/password-rules.ts';

// Where each endpoint that sets a password carries it. Paths are Better Auth's own.
const newPasswordField: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
};

const isCommon = (lowered: string) => commonPasswords.has(lowered);

/**
 * Part of Better Auth's `hooks.before`: a new password shorter than the rule or on the list of
 * common ones is refused with a 400 that says why, before the endpoint hashes or stores it.
 */
export function checkPasswordRules(ctx: { path: string; body?: unknown }): void {
  const field = newPasswordField[ctx.path];
  if (!field) return;
  const body = z.record(z.string(), z.unknown()).safeParse(ctx.body);
  const password = body.success ? body.data[field] : undefined;
  // Missing or not text: Better Auth's own validation answers.
  if (typeof password !== 'string') return;
  const problem = passwordProblem(password, isCommon);
  if (problem) throw new APIError('BAD_REQUEST', { code: 'WEAK_PASSWORD', message: problem });
}
