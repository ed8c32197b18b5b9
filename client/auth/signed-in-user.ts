import * as z from 'zod/mini';

/**
 * Who is signed in, as much as the app needs to open their data and greet them. Zod's "mini"
 * build: this is parsed before the first paint, where full Zod would weigh on the first visit (decision 012).
 */
export const SignedInUser = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  email: z.string(),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

/** Picks the fields we keep from anything user-shaped (Better Auth's user has more). */
export function toSignedInUser(value: unknown): SignedInUser | null {
  const parsed = SignedInUser.safeParse(value);
  return parsed.success
    ? { id: parsed.data.id, name: parsed.data.name, email: parsed.data.email }
    : null;
}
