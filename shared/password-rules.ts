/** The fewest characters a password may have. */
export const minPasswordChars = 10;
/** The most: Better Auth's own bound, and more than any password manager makes. */
export const maxPasswordChars = 128;

/** The rule as the sign-up and change-password forms state it. */
export const passwordRule = `At least ${minPasswordChars} characters, and not a commonly used password.`;

/**
 * What is wrong with a new password, as the person is told, or null when it may be used.
 * `isCommon` says whether it is on the list of common passwords (common-passwords.ts): the
 * server always passes the list, the browser loads it only when someone chooses a password.
 */
export function passwordProblem(
  password: string,
  isCommon: (lowered: string) => boolean,
): string | null {
  if (password.length < minPasswordChars)
    return `A password needs at least ${minPasswordChars} characters.`;
  if (password.length > maxPasswordChars)
    return `A password has at most ${maxPasswordChars} characters.`;
  if (isCommon(password.toLowerCase()))
    return 'That password is one of the most commonly used: choose another.';
  return null;
}
