import { and, gt, inArray } from 'drizzle-orm';
import { session } from '../db/auth-schema.ts';
import type { Database } from '../db/database.ts';
import type { EventResponse } from '../http/event-stream.ts';
import { createSessionCache } from './session-cache.ts';
import { createSessionStreams } from './session-streams.ts';

/** Tokens looked up per query: far below Postgres's limit on a statement's parameters. */
const tokensPerQuery = 10_000;

/**
 * What this process knows of the sessions in use: the ones checked lately (session-cache.ts),
 * and the streams each holds open (session-streams.ts). A session that ends (`forget`: Better
 * Auth's deletion hook, its announcement from another process, or the streams' own check
 * finding its row gone or expired) is refused from then on and its streams end at once.
 */
export function createLiveSessions(db: Database) {
  const cache = createSessionCache();
  const forget = (token: string) => {
    cache.forget(token);
    streams.end(token);
  };
  const streams = createSessionStreams((tokens) => validSessionTokens(db, tokens), forget);
  return {
    get: cache.get,
    set: cache.set,
    forget,
    /**
     * Keeps `response` open only as long as the session `token` is valid. A session deleted
     * while its request was being checked ends the response at once.
     */
    hold(token: string, response: EventResponse): void {
      if (cache.wasDeleted(token)) response.end();
      else streams.hold(token, response);
    },
  };
}

export type LiveSessions = ReturnType<typeof createLiveSessions>;

/** The tokens among `tokens` whose sessions exist and have not expired. */
async function validSessionTokens(db: Database, tokens: readonly string[]): Promise<Set<string>> {
  const valid = new Set<string>();
  const now = new Date();
  for (let start = 0; start < tokens.length; start += tokensPerQuery) {
    const rows = await db
      .select({ token: session.token })
      .from(session)
      .where(
        and(
          inArray(session.token, tokens.slice(start, start + tokensPerQuery)),
          gt(session.expiresAt, now),
        ),
      );
    for (const row of rows) valid.add(row.token);
  }
  return valid;
}
