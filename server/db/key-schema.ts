import { customType, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { user } from './auth-schema.ts';

/** Raw bytes: node-postgres reads them as a Buffer, PGlite as a Uint8Array. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * A person's own provider key, encrypted (server/keys/key-cipher.ts): never a Replicache row,
 * so no pull or patch can carry it. Only `lastFour` is ever shown.
 */
export const apiKey = pgTable(
  'api_key',
  {
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<'openrouter'>().notNull(),
    nonce: bytes('nonce').notNull(),
    /** The AES-256-GCM ciphertext with its 16-byte tag at the end. */
    ciphertext: bytes('ciphertext').notNull(),
    /** Which `KEY_ENCRYPTION_SECRET` sealed it: a fingerprint of that secret, not the secret. */
    keyVersion: text('key_version').notNull(),
    lastFour: text('last_four').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.provider] })],
);
export type ApiKeyRow = typeof apiKey.$inferSelect;
