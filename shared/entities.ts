import { z } from 'zod';
import { limits } from './limits.ts';
import { MODEL_ID_PATTERN } from './models.ts';
import { webUrl } from './web-url.ts';

/** A client-generated row id: URL-safe, bounded, never empty. */
export const RowId = z
  .string()
  .min(1)
  .max(limits.idChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "_" and "-" only');

/** A model id as the picker and the server understand it. */
export const ModelId = z.string().max(200).regex(MODEL_ID_PATTERN, 'not a model id');

/**
 * The life of a message, shared by both sides:
 * `queued` (written locally, not yet pushed) → `pending` (server accepted) → `streaming` →
 * `done` | `stopped` | `error` | `interrupted`.
 */
export const messageStatuses = [
  'queued',
  'pending',
  'streaming',
  'done',
  'stopped',
  'error',
  'interrupted',
] as const;
export const MessageStatus = z.enum(messageStatuses);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageRole = z.enum(['user', 'assistant']);
export type MessageRole = z.infer<typeof MessageRole>;

/**
 * How a conversation came from another: `branch` (Branch off: a copy up to and including an
 * answer) or `edit` (a copy up to a message of the person's, which was then sent edited).
 */
export const BranchKind = z.enum(['branch', 'edit']);
export type BranchKind = z.infer<typeof BranchKind>;

/**
 * A conversation as stored in Replicache (times are epoch milliseconds). Fields added after
 * the first release default, so that values stored by an older version still parse.
 */
export const Conversation = z.object({
  id: RowId,
  title: z.string().max(limits.titleChars),
  model: ModelId,
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  /** The conversation this one branched from, and the message it branched at. */
  parentConversationId: RowId.nullable().default(null),
  branchPointMessageId: RowId.nullable().default(null),
  branchKind: BranchKind.nullable().default(null),
  /** When it was pinned to the top of the list; null when it is not pinned. */
  pinnedAt: z.number().int().nonnegative().nullable().default(null),
  /** Whether its answers are asked to search the web first (the `Search the web` toggle). */
  webSearch: z.boolean().default(false),
});
export type Conversation = z.infer<typeof Conversation>;

const tokenCount = z.number().int().nonnegative().nullable().default(null);

/**
 * What an answer used, as its provider reported it. A count or cost the provider did not report
 * is null; the demo model reports a cost of 0.
 */
export const MessageUsage = z.object({
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  /** Of the output, the tokens spent reasoning. */
  reasoningTokens: tokenCount,
  /** Of the input, the tokens read from the provider's prompt cache. */
  cachedInputTokens: tokenCount,
  costUsd: z.number().nonnegative().nullable().default(null),
});
export type MessageUsage = z.infer<typeof MessageUsage>;

/**
 * A web page an answer cites. Only http(s) addresses, kept as the URL parser writes them.
 * `start` and `end` are the cited span of the answer's text (UTF-16 offsets), when the
 * provider gave one; they may not match the text, and readers must check.
 */
export const MessageSource = z.object({
  url: z
    .string()
    .max(limits.sourceUrlChars)
    .refine((url) => webUrl(url) === url, 'not an http(s) address'),
  title: z.string().max(limits.sourceTitleChars),
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().nonnegative().optional(),
});
export type MessageSource = z.infer<typeof MessageSource>;

/** A message as stored in Replicache. `order` sorts a conversation's messages. */
export const Message = z.object({
  id: RowId,
  conversationId: RowId,
  role: MessageRole,
  content: z.string(),
  status: MessageStatus,
  model: ModelId.nullable(),
  error: z.string().nullable(),
  /**
   * When the message limit that refused this answer resets (ms since the epoch), for the page to
   * say in the person's own time; absent or null for any other answer.
   */
  limitResetsAt: z.number().int().nonnegative().nullable().optional(),
  order: z.number().int().nonnegative(),
  createdAt: z.number().int().nonnegative(),
  /**
   * The answer's current generation; its stream is read by message id while it is pending or
   * streaming. Null until the server has accepted the answer (and again after a local retry).
   */
  runId: z.string().nullable(),
  /** Tokens and cost of a finished answer; absent or null until the provider has reported them. */
  usage: MessageUsage.nullable().optional(),
  /** How many earlier messages the answer's model was not shown, to fit its context. */
  messagesLeftOut: z.number().int().nonnegative().default(0),
  /**
   * What a thinking model wrote before the answer, once final (the stream carries it while the
   * answer is generated); absent or '' when it did not reason.
   */
  reasoning: z.string().optional(),
  /** How long the model reasoned, in milliseconds; absent or null when it did not. */
  reasoningMs: z.number().int().nonnegative().nullable().optional(),
  /**
   * The web pages a finished answer cites, in the order the provider gave them. A source this
   * version cannot read is left out, never the message with it.
   */
  sources: z
    .array(z.unknown())
    .transform((list) =>
      list
        .slice(0, limits.sourcesPerMessage)
        .flatMap((source) => MessageSource.safeParse(source).data ?? []),
    )
    .optional(),
});
export type Message = z.infer<typeof Message>;

/** Where an attachment came from: a person's upload, or a model's output (later). */
export const AttachmentSource = z.enum(['upload', 'generated']);
export type AttachmentSource = z.infer<typeof AttachmentSource>;

/** What an attachment may be: decided on the server by its first bytes, never by its name. */
export const AttachmentMediaType = z.enum([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
]);
export type AttachmentMediaType = z.infer<typeof AttachmentMediaType>;

/**
 * An attachment's metadata as stored in Replicache; the bytes are read from
 * `GET /api/attachments/:id`. `messageId` is null until a sent message claims it.
 */
export const Attachment = z.object({
  id: RowId,
  messageId: RowId.nullable(),
  name: z.string().min(1).max(limits.attachmentNameChars),
  mediaType: AttachmentMediaType,
  size: z.number().int().nonnegative(),
  /** Pages of a PDF, when they could be counted; null for images. */
  pageCount: z.number().int().positive().nullable(),
  createdAt: z.number().int().nonnegative(),
  source: AttachmentSource,
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * What a share link shows: `snapshot` (the messages up to `throughOrder`, as when it was made
 * or last set) or `live` (every message, later ones included).
 */
export const ShareMode = z.enum(['snapshot', 'live']);
export type ShareMode = z.infer<typeof ShareMode>;

/** A share link's secret: 128 random bits, base64url without padding (22 characters). */
export const ShareToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a share token');

/**
 * A read-only link to one of the person's conversations, as stored in Replicache (only its
 * owner ever pulls it). The token is made on the device, so a link can be made offline and
 * works once it has been pushed. Stopping a share deletes it: its token then opens nothing.
 */
export const Share = z.object({
  id: RowId,
  conversationId: RowId,
  token: ShareToken,
  mode: ShareMode,
  /** The last message's `order` a snapshot shows; null for a live share. */
  throughOrder: z.number().int().nullable(),
  /** When the link stops opening; null: never. */
  expiresAt: z.number().int().nonnegative().nullable(),
  createdAt: z.number().int().nonnegative(),
});
export type Share = z.infer<typeof Share>;
