import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { apiKey } from '../db/key-schema.ts';
import type { KeyCipher } from './key-cipher.ts';

/** What anyone but the server may know of a saved key. */
export type KeySummary = { lastFour: string; updatedAt: string };

const provider = 'openrouter';

/** The last four characters of a key, the only part of it ever shown again. */
export const lastFourOf = (key: string) => key.slice(-4);

/** Saves (or replaces) the person's OpenRouter key, sealed. */
export async function saveOpenRouterKey(
  db: Database,
  cipher: KeyCipher,
  userId: string,
  key: string,
): Promise<KeySummary> {
  const sealed = cipher.seal(userId, key);
  const now = new Date();
  const fields = { ...sealed, lastFour: lastFourOf(key), updatedAt: now };
  await db
    .insert(apiKey)
    .values({ userId, provider, ...fields, createdAt: now })
    .onConflictDoUpdate({ target: [apiKey.userId, apiKey.provider], set: fields });
  return { lastFour: fields.lastFour, updatedAt: now.toISOString() };
}

/** The person's saved key as they may see it (its last four characters), or null. */
export async function openRouterKeySummary(
  db: Database,
  userId: string,
): Promise<KeySummary | null> {
  const [row] = await db
    .select({ lastFour: apiKey.lastFour, updatedAt: apiKey.updatedAt })
    .from(apiKey)
    .where(and(eq(apiKey.userId, userId), eq(apiKey.provider, provider)));
  return row ? { lastFour: row.lastFour, updatedAt: row.updatedAt.toISOString() } : null;
}

/** Forgets the person's key. Returns whether there was one. */
export async function removeOpenRouterKey(db: Database, userId: string): Promise<boolean> {
  const removed = await db
    .delete(apiKey)
    .where(and(eq(apiKey.userId, userId), eq(apiKey.provider, provider)))
    .returning({ userId: apiKey.userId });
  return removed.length > 0;
}

/**
 * The person's key in plain text, for the provider call about to be made, or undefined. A key
 * sealed under the previous secret is sealed again under the current one as it is read.
 */
export async function readOpenRouterKey(
  db: Database,
  cipher: KeyCipher,
  userId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select()
    .from(apiKey)
    .where(and(eq(apiKey.userId, userId), eq(apiKey.provider, provider)));
  if (!row) return undefined;
  const { plaintext, stale } = cipher.open(userId, row);
  if (stale) {
    const resealed = cipher.seal(userId, plaintext);
    // Only over the row just read: a key saved meanwhile is newer and stays.
    await db
      .update(apiKey)
      .set(resealed)
      .where(
        and(
          eq(apiKey.userId, userId),
          eq(apiKey.provider, provider),
          eq(apiKey.keyVersion, row.keyVersion),
          eq(apiKey.nonce, row.nonce),
        ),
      );
  }
  return plaintext;
}
