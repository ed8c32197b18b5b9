import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { user } from './auth-schema.ts';

/** A Replicache client group: one browser profile's Replicache instance for one user. */
export const replicacheClientGroup = pgTable('replicache_client_group', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  // Highest client view record order handed out to this group.
  cvrVersion: integer('cvr_version').notNull().default(0),
  lastModified: timestamp('last_modified', { withTimezone: true }).notNull().defaultNow(),
});

/** A Replicache client (a tab) and the last mutation of it the server applied. */
export const replicacheClient = pgTable('replicache_client', {
  id: text('id').primaryKey(),
  clientGroupId: text('client_group_id')
    .notNull()
    .references(() => replicacheClientGroup.id, { onDelete: 'cascade' }),
  lastMutationId: integer('last_mutation_id').notNull().default(0),
  lastModified: timestamp('last_modified', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A client view record: what one pull told a client group (key → row version, and each
 * client's last mutation id). The next pull diffs against it.
 */
export const replicacheCvr = pgTable(
  'replicache_cvr',
  {
    clientGroupId: text('client_group_id')
      .notNull()
      .references(() => replicacheClientGroup.id, { onDelete: 'cascade' }),
    order: integer('order').notNull(),
    entries: jsonb('entries').$type<Record<string, number>>().notNull(),
    clients: jsonb('clients').$type<Record<string, number>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientGroupId, t.order] })],
);
