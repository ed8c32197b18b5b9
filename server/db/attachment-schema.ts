import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { AttachmentMediaType, AttachmentSource } from '../../shared/entities.ts';
import { user } from './auth-schema.ts';
import { message } from './chat-schema.ts';

/**
 * A file attached to a message, synced to the person's devices as metadata (server/sync);
 * its bytes live in the attachment storage under `storageKey`. The id is the device's, so the
 * row exists only once the bytes are stored whole: a retried upload of the same id finds it.
 * A message's deletion (its conversation's included) takes its attachments with it; their
 * bytes are then removed by the sweep (see `attachmentGarbage`).
 */
export const attachment = pgTable(
  'attachment',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    // Null until a sent message claims it. No index on its own: looked up by user first.
    messageId: text('message_id').references(() => message.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mediaType: text('media_type').$type<AttachmentMediaType>().notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    pageCount: integer('page_count'),
    source: text('source').$type<AttachmentSource>().notNull().default('upload'),
    /** Where the bytes are (server/attachments/storage.ts): unique per upload, never reused. */
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('attachment_user_version_idx').on(t.userId, t.version),
    index('attachment_message_idx').on(t.messageId),
    // The sweep's look for uploads no message claimed in time.
    index('attachment_unclaimed_idx').on(t.createdAt).where(sql`${t.messageId} is null`),
  ],
);
export type AttachmentRow = typeof attachment.$inferSelect;

/**
 * Stored bytes whose row is gone: a trigger (migration 0010) adds the key of every deleted
 * attachment, however it went (its message, its conversation, its person), in the same
 * transaction; the sweep deletes the bytes and then the entry. No foreign key: it outlives
 * the person.
 */
export const attachmentGarbage = pgTable('attachment_garbage', {
  storageKey: text('storage_key').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
