import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ShareMode } from '../../shared/entities.ts';
import { user } from './auth-schema.ts';
import { conversation } from './chat-schema.ts';

/**
 * A read-only link to one of a person's conversations (server/share). The token is made on
 * the device and synced back to its owner's devices only; a link is looked up by the token's
 * SHA-256 (`tokenHash`, unique), then the token itself is compared in constant time, so the
 * index never answers a guess faster for a near miss. Deleting the conversation or the person
 * takes the share with it; stopping a share deletes it.
 */
export const share = pgTable(
  'share',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    tokenHash: text('token_hash').notNull(),
    mode: text('mode').$type<ShareMode>().notNull(),
    /** The last message's `order` a snapshot shows; null for a live share. */
    throughOrder: integer('through_order'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('share_token_hash_idx').on(t.tokenHash),
    index('share_user_version_idx').on(t.userId, t.version),
    index('share_conversation_idx').on(t.conversationId),
  ],
);
export type ShareRow = typeof share.$inferSelect;
