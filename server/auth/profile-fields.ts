import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';

const name = z.string().max(limits.nameChars, `A name is at most ${limits.nameChars} characters.`);
const email = z
  .string()
  .max(limits.emailChars, `An email address is at most ${limits.emailChars} characters.`);
const image = z
  .string()
  .max(limits.imageUrlChars, `An image URL is at most ${limits.imageUrlChars} characters.`)
  .nullish();

// What each endpoint that writes a profile may carry; Better Auth checks the rest (formats,
// required fields). Paths are Better Auth's own, whatever the request's spelling.
const checks: Record<string, z.ZodType> = {
  '/sign-up/email': z.looseObject({ name: name.optional(), email: email.optional(), image }),
  '/update-user': z.looseObject({ name: name.optional(), image }),
  '/change-email': z.looseObject({ newEmail: email.optional() }),
};

/**
 * Part of Better Auth's `hooks.before`: refuses a profile field past its bound with a 400
 * before the endpoint runs, so no oversized name is stored (and then read with every session).
 */
export function checkProfileFields(ctx: { path: string; body?: unknown }): void {
  const schema = checks[ctx.path];
  if (!schema) return;
  const result = schema.safeParse(ctx.body);
  if (result.success) return;
  throw new APIError('BAD_REQUEST', {
    code: 'INVALID_PROFILE_FIELD',
    message: result.error.issues[0]?.message ?? 'A profile field is not valid.',
  });
}

/**
 * Better Auth's database hook for new and changed users: a name from anywhere else (a
 * GitHub or Google profile) is cut to its bound, and an oversized image URL dropped.
 */
export function boundProfile<
  T extends { name?: string | undefined; image?: string | null | undefined },
>(user: T): { data: T } {
  return {
    data: {
      ...user,
      ...(user.name !== undefined && { name: user.name.slice(0, limits.nameChars) }),
      ...(user.image && user.image.length > limits.imageUrlChars && { image: null }),
    },
  };
}
