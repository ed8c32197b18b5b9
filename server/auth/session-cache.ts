import { RecentMap } from '../../shared/recent-map.ts';
import type { SessionUser } from './session.ts';

/**
 * How long a checked session is taken on trust before it is checked again. It bounds how long
 * a session ended without an announcement (its row deleted by hand, or past the sessions
 * Better Auth announces in one bulk deletion) still passes a push or pull.
 */
const trustMs = 5_000;
/** How long a deleted session stays refused, longer than any check of it can take. */
const refuseDeletedMs = 30_000;
/** Sessions remembered at most; the least recently used go first. */
const capacity = 10_000;

/** A session taken on trust: whose it is, and its token (what a deletion names). */
export type KnownSession = { user: SessionUser; token: string };
type Entry = KnownSession & { until: number };

/**
 * Who a session cookie belongs to, remembered for a few seconds: every push, pull and stream
 * checks the session, and asking Better Auth (a database query) was a third of a push (decision 017). Keyed
 * by the signed cookie exactly as Better Auth accepted it. A deleted session (signing out) is
 * forgotten in every server process as the deletion is announced (see auth.ts); an announcement
 * lost on the way leaves it trusted for at most `trustMs`, and never past its own expiry.
 */
export function createSessionCache(now: () => number = Date.now) {
  const entries = new RecentMap<string, Entry>(capacity);
  // Deleted lately: a check that began before the deletion must not put it back.
  const deleted = new Map<string, number>();
  const wasDeleted = (token: string) => (deleted.get(token) ?? 0) > now();
  return {
    get(cookie: string): KnownSession | undefined {
      const entry = entries.get(cookie);
      if (!entry) return undefined;
      if (entry.until > now()) return { user: entry.user, token: entry.token };
      entries.delete(cookie);
      return undefined;
    },
    set(cookie: string, token: string, user: SessionUser, expiresAt: Date): void {
      if (wasDeleted(token)) return;
      entries.set(cookie, { user, token, until: Math.min(now() + trustMs, expiresAt.getTime()) });
    },
    /** Forgets a session that was deleted (signed out, revoked), and refuses it for a while. */
    forget(token: string): void {
      for (const [cookie, entry] of entries.entries()) {
        if (entry.token === token) entries.delete(cookie);
      }
      for (const [old, until] of deleted) if (until <= now()) deleted.delete(old);
      deleted.set(token, now() + refuseDeletedMs);
    },
    /** Whether the session was deleted lately: a request checked just before must not go on. */
    wasDeleted,
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;
