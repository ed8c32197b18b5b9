import { z } from 'zod';
import { ModelId, RowId, Share } from '../entities.ts';
import { limits } from '../limits.ts';

/** Argument schemas of every mutator. Both sides parse with these; the server never trusts a client's parse. */
export const CreateConversationArgs = z.object({
  id: RowId,
  title: z.string().trim().max(limits.titleChars),
  model: ModelId,
  createdAt: z.number().int().nonnegative(),
  /** The `Search the web` toggle a new chat was started with; absent: off. */
  webSearch: z.boolean().optional(),
});
export type CreateConversationArgs = z.infer<typeof CreateConversationArgs>;

export const SendMessageArgs = z.object({
  conversationId: RowId,
  userMessageId: RowId,
  assistantMessageId: RowId,
  content: z
    .string()
    .max(limits.messageChars)
    .refine((s) => s.trim().length > 0, 'a message cannot be empty'),
  model: ModelId,
  createdAt: z.number().int().nonnegative(),
  /** Ask the model to reason before it answers (where it can); absent: do not ask. */
  reasoning: z.boolean().optional(),
  /** Ask the model to search the web first; absent: as the conversation's toggle says. */
  webSearch: z.boolean().optional(),
  /**
   * Attachments (uploaded already, or to be uploaded naming this message) the message carries.
   * Absent from clients that predate attachments.
   */
  attachmentIds: z.array(RowId).max(limits.attachmentsPerMessage).optional(),
});
export type SendMessageArgs = z.infer<typeof SendMessageArgs>;

export const RenameConversationArgs = z.object({
  id: RowId,
  title: z.string().trim().min(1).max(limits.titleChars),
});
export type RenameConversationArgs = z.infer<typeof RenameConversationArgs>;

export const DeleteConversationArgs = z.object({ id: RowId });
export type DeleteConversationArgs = z.infer<typeof DeleteConversationArgs>;

export const SetConversationModelArgs = z.object({ id: RowId, model: ModelId });
export type SetConversationModelArgs = z.infer<typeof SetConversationModelArgs>;

/** Turns the conversation's `Search the web` toggle on or off, for the answers sent after. */
export const SetConversationWebSearchArgs = z.object({ id: RowId, webSearch: z.boolean() });
export type SetConversationWebSearchArgs = z.infer<typeof SetConversationWebSearchArgs>;

/** Stops an answer that is being generated; the text so far is kept. */
export const StopAnswerArgs = z.object({ conversationId: RowId, messageId: RowId });
export type StopAnswerArgs = z.infer<typeof StopAnswerArgs>;

/** Generates a finished answer again, optionally with another model. */
export const RetryAnswerArgs = z.object({
  conversationId: RowId,
  messageId: RowId,
  model: ModelId.optional(),
  /** Whether to ask for reasoning this time; absent: as the answer was asked before. */
  reasoning: z.boolean().optional(),
});
export type RetryAnswerArgs = z.infer<typeof RetryAnswerArgs>;

/**
 * A branch's id leaves room for the suffixes of its copied messages' and attachments' ids
 * (`copiedMessageId`, `copiedAttachmentId`), which must still be row ids.
 */
const BranchId = RowId.max(limits.idChars - 8);

/**
 * Branch off: a new conversation `id` with copies of the parent's messages up to and including
 * the answer `branchPointMessageId`, linked to the parent.
 */
export const BranchConversationArgs = z.object({
  id: BranchId,
  parentId: RowId,
  branchPointMessageId: RowId,
  createdAt: z.number().int().nonnegative(),
});
export type BranchConversationArgs = z.infer<typeof BranchConversationArgs>;

/**
 * Edit and resend: a new conversation `id` with copies of the parent's messages before the
 * person's message `messageId`, then `content` sent in its place. The parent keeps the
 * original, so both versions stay reachable.
 */
export const EditMessageArgs = z.object({
  id: BranchId,
  parentId: RowId,
  messageId: RowId,
  userMessageId: RowId,
  assistantMessageId: RowId,
  content: SendMessageArgs.shape.content,
  model: ModelId,
  createdAt: z.number().int().nonnegative(),
  reasoning: SendMessageArgs.shape.reasoning,
  webSearch: SendMessageArgs.shape.webSearch,
});
export type EditMessageArgs = z.infer<typeof EditMessageArgs>;

/** Pins a conversation to the top of the list, or unpins it. */
export const PinConversationArgs = z.object({
  id: RowId,
  pinned: z.boolean(),
  at: z.number().int().nonnegative(),
});
export type PinConversationArgs = z.infer<typeof PinConversationArgs>;

/** Makes a share link for a conversation (the token comes from the device's random source). */
export const CreateShareArgs = Share;
export type CreateShareArgs = z.infer<typeof CreateShareArgs>;

/** Changes what a share link shows and how long it opens. */
export const UpdateShareArgs = Share.pick({
  id: true,
  mode: true,
  throughOrder: true,
  expiresAt: true,
});
export type UpdateShareArgs = z.infer<typeof UpdateShareArgs>;

/** Stop sharing: the share is deleted and its link opens nothing from then on. */
export const StopShareArgs = z.object({ id: RowId });
export type StopShareArgs = z.infer<typeof StopShareArgs>;

/** Mutator name → argument schema. The names are the wire names Replicache pushes. */
export const mutatorArgs = {
  createConversation: CreateConversationArgs,
  sendMessage: SendMessageArgs,
  renameConversation: RenameConversationArgs,
  deleteConversation: DeleteConversationArgs,
  setConversationModel: SetConversationModelArgs,
  stopAnswer: StopAnswerArgs,
  retryAnswer: RetryAnswerArgs,
  branchConversation: BranchConversationArgs,
  editMessage: EditMessageArgs,
  pinConversation: PinConversationArgs,
  setConversationWebSearch: SetConversationWebSearchArgs,
  createShare: CreateShareArgs,
  updateShare: UpdateShareArgs,
  stopShare: StopShareArgs,
} as const;
export type MutatorName = keyof typeof mutatorArgs;
export const mutatorNames = Object.keys(mutatorArgs) as MutatorName[];

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(mutatorArgs, name);
}
