import { RecentMap } from '../../shared/recent-map.ts';
import type { SessionUser } from './session.ts';

/** How long a checked session is taken on trust before it is checked again. */
const trustMs = 30_000;
/** Sessions remembered at most; the least recently used go first. */
const capacity = 10_000;

type Entry = { user: SessionUser; token: string; until: number };

/**
 * Who a session cookie belongs to, remembered for half a minute: every push, pull and stream
 * checks the session, and asking Better Auth (a database query) was 5 ms of a 15 ms push. Keyed
 * by the signed cookie exactly as Better Auth accepted it. A deleted session (signing out) is
 * forgotten in every server process as the deletion is announced (see auth.ts); an announcement
 * lost on the way leaves it trusted for at most `trustMs`, and never past its own expiry.
 */
export function createSessionCache(now: () => number = Date.now) {
  const entries = new RecentMap<string, Entry>(capacity);
  // Deleted lately: a check that began before the deletion must not put it back.
  const deleted = new Map<string, number>();
  return {
    get(cookie: string): SessionUser | undefined {
      const entry = entries.get(cookie);
      if (!entry) return undefined;
      if (entry.until > now()) return entry.user;
      entries.delete(cookie);
      return undefined;
    },
    set(cookie: string, token: string, user: SessionUser, expiresAt: Date): void {
      if ((deleted.get(token) ?? 0) > now()) return;
      entries.set(cookie, { user, token, until: Math.min(now() + trustMs, expiresAt.getTime()) });
    },
    /** Forgets a session that was deleted (signed out, revoked), and refuses it for a while. */
    forget(token: string): void {
      for (const [cookie, entry] of entries.entries()) {
        if (entry.token === token) entries.delete(cookie);
      }
      for (const [old, until] of deleted) if (until <= now()) deleted.delete(old);
      deleted.set(token, now() + trustMs);
    },
  };
}
