import { passwordProblem } from '../../shared/password-rules.ts';

/**
 * What is wrong with a new password by the server's own rule (shared/password-rules.ts), or
 * null. The list of common passwords is loaded only now, when someone chooses a password.
 */
export async function newPasswordProblem(password: string): Promise<string | null> {
  const short = passwordProblem(password, () => false);
  if (short) return short;
  const { commonPasswords } = await import('../../shared/common-passwords.ts');
  return passwordProblem(password, (lowered) => commonPasswords.has(lowered));
}
