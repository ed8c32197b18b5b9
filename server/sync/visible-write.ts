import { type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { attachment } from '../db/attachment-schema.ts';
import type { conversation, message } from '../db/chat-schema.ts';
import type { share } from '../db/share-schema.ts';

// The sync invariant (server/sync/README.md): every write a person's devices must see takes
// that person's next user version, and a pull sends what is newer than its cookie. Inserts
// and deletions take one from the database's triggers whatever the code does; these are the
// two writes that take one only when asked.

/** A table whose rows the person's devices hold. */
type SyncedTable = typeof conversation | typeof message | typeof attachment | typeof share;

/**
 * The columns an update sets when the person's devices must see it: `changes`, and `version`
 * bumped. The trigger (migration 0003) sees the bump and stamps the row with the owner's next
 * user version, so the next pull, and the poke's patch, send it. An update set without it
 * (a lease renewal, a checkpoint of streaming text) stays on the server.
 *
 * @example
 * await tx.update(message).set(visibleUpdate(message, { status: 'stopped' })).where(…);
 */
export function visibleUpdate<T extends SyncedTable>(
  table: T,
  changes: PgUpdateSetSource<T>,
): PgUpdateSetSource<T> {
  return { ...changes, version: sql`${table.version} + 1` };
}

/**
 * Takes the person's next user version, as SQL: for what devices must hear of that is not a
 * synced row (a client's new last mutation id, recorded with the version that carries it).
 */
export const nextUserVersion = (userId: string): SQL<number> =>
  sql<number>`replicache_next_version(${userId})`;
