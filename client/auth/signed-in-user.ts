/** Who is signed in, as much as the app needs to open their data and greet them. */
export type SignedInUser = { id: string; name: string; email: string };

/**
 * Picks the fields we keep from anything user-shaped (Better Auth's user has more), or null
 * for anything else. Checked by hand, not with Zod: this runs before the first paint, and even
 * Zod's mini build brings the core that the signed-in app's full Zod shares (decision 060).
 */
export function toSignedInUser(value: unknown): SignedInUser | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('id' in value && 'name' in value && 'email' in value)) return null;
  const { id, name, email } = value;
  if (typeof id !== 'string' || id.length === 0) return null;
  if (typeof name !== 'string' || typeof email !== 'string') return null;
  return { id, name, email };
}
