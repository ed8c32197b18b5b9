import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type {
  BranchKind,
  MessageRole,
  MessageSource,
  MessageStatus,
} from '../../shared/entities.ts';
import { user } from './auth-schema.ts';

// Every synced row carries `version`: the user version of its last change a device should
// see. Triggers stamp it on insert and on an update that bumps it (write those with
// `visibleUpdate`, server/sync/visible-write.ts); server/sync/README.md tells the whole rule.

export const conversation = pgTable(
  'conversation',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    title: text('title').notNull().default(''),
    model: text('model').notNull(),
    // A branch names its parent and the parent's message it branched at. No foreign keys:
    // a branch outlives its parent's deletion.
    parentConversationId: text('parent_conversation_id'),
    branchPointMessageId: text('branch_point_message_id'),
    branchKind: text('branch_kind').$type<BranchKind>(),
    pinnedAt: timestamp('pinned_at', { withTimezone: true, mode: 'date' }),
    // The `Search the web` toggle: answers sent here ask to search the web first.
    webSearch: boolean('web_search').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('conversation_user_id_idx').on(t.userId),
    index('conversation_parent_idx').on(t.parentConversationId),
    index('conversation_user_version_idx').on(t.userId, t.version),
  ],
);
export type ConversationRow = typeof conversation.$inferSelect;

export const message = pgTable(
  'message',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    // Denormalised owner: pull and authorisation read messages by user without a join.
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role').$type<MessageRole>().notNull(),
    content: text('content').notNull().default(''),
    // What a thinking model wrote before its answer, and how long that took; never part of
    // the context sent to a model.
    reasoning: text('reasoning').notNull().default(''),
    reasoningMs: integer('reasoning_ms'),
    // Whether the person asked this answer's model to reason first (the toggle when sent).
    reasoningRequested: boolean('reasoning_requested').notNull().default(false),
    // Whether the answer was asked to search the web first (the conversation's toggle when sent).
    webSearchRequested: boolean('web_search_requested').notNull().default(false),
    // The web pages the answer cites, checked on the way in (server/web-search/answer-sources.ts).
    sources: jsonb('sources').$type<MessageSource[]>(),
    parts: jsonb('parts'),
    model: text('model'),
    status: text('status').$type<MessageStatus>().notNull(),
    error: text('error'),
    // When the limit that refused this answer resets (an answer refused by a message limit).
    limitResetsAt: timestamp('limit_resets_at', { withTimezone: true, mode: 'date' }),
    usage: jsonb('usage'),
    finishReason: text('finish_reason'),
    // How many earlier messages the answer's model was not shown, to fit its context.
    messagesLeftOut: integer('messages_left_out').notNull().default(0),
    // The current generation of this answer: a retry starts a new run, with a new stream.
    runId: text('run_id'),
    // An answer whose message named attachments not uploaded yet: their ids, until the last
    // arrives (server/attachments/awaited-uploads.ts). No run starts while it is set.
    awaitingAttachments: jsonb('awaiting_attachments').$type<string[]>(),
    // Which server process is generating it, until when; a lapsed lease means it died.
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }),
    order: integer('order').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('message_user_id_idx').on(t.userId),
    index('message_conversation_order_idx').on(t.conversationId, t.order),
    index('message_status_idx').on(t.status),
    index('message_user_version_idx').on(t.userId, t.version),
  ],
);
export type MessageRow = typeof message.$inferSelect;
