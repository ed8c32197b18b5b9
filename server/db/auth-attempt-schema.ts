import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Sign-in and sign-up attempts counted per account or client address (server/auth/throttle),
// when the database is the state every server process shares.

export const authAttempt = pgTable(
  'auth_attempt',
  {
    /** What is counted: a kind and a hashed account or a client address. */
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    /** When this window ends and counting starts again from nothing. */
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('auth_attempt_reset_at_idx').on(t.resetAt)],
);
