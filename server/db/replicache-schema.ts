import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { user } from './auth-schema.ts';

/** A Replicache client group: one browser profile's Replicache instance for one user. */
export const replicacheClientGroup = pgTable('replicache_client_group', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  lastModified: timestamp('last_modified', { withTimezone: true }).notNull().defaultNow(),
});

/** A Replicache client (a tab) and the last mutation of it the server applied. */
export const replicacheClient = pgTable('replicache_client', {
  id: text('id').primaryKey(),
  clientGroupId: text('client_group_id')
    .notNull()
    .references(() => replicacheClientGroup.id, { onDelete: 'cascade' }),
  lastMutationId: integer('last_mutation_id').notNull().default(0),
  /**
   * The user version taken when `lastMutationId` last changed: a pull reports the clients
   * whose version is newer than its cookie, so an answer whose cookie did not move reports none.
   */
  version: integer('version').notNull().default(0),
  lastModified: timestamp('last_modified', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each user's change counter. A trigger (migration 0003) stamps every row the user's devices
 * see with the next value when it is written, and a deletion leaves a tombstone with one; a
 * pull then sends what is newer than the version its cookie names (decision 007).
 */
export const replicacheUserVersion = pgTable('replicache_user_version', {
  userId: text('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(0),
});

/** A deleted row, by the Replicache key it had, and the user version of its deletion. */
export const replicacheTombstone = pgTable(
  'replicache_tombstone',
  {
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('replicache_tombstone_version_idx').on(t.userId, t.version),
  ],
);
