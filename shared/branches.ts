import type { Message } from './entities.ts';
import { isFinalStatus } from './message-status.ts';

// What both sides agree on when a conversation is branched, so that the copies the device
// shows at once are the rows the server writes.

/** The id of the `n`-th message copied into the branch `branchId`. */
export const copiedMessageId = (branchId: string, n: number) => `${branchId}-${n}`;

/**
 * The id of the `k`-th attachment (in the order attached) of the `n`-th message copied into
 * the branch `branchId`. A branch id leaves room for both numbers in a row id.
 */
export const copiedAttachmentId = (branchId: string, n: number, k: number) =>
  `${branchId}-${n}-${k}`;

/**
 * The status a copied message keeps. An answer that was still coming when the branch was made
 * is copied as it stood, stopped: the branch does not share the parent's run.
 */
export function copiedStatus(message: Pick<Message, 'role' | 'status'>): Message['status'] {
  return message.role === 'assistant' && !isFinalStatus(message.status)
    ? 'stopped'
    : message.status;
}
