import type { Message, MessageStatus } from './entities.ts';

const finalStatuses: ReadonlySet<MessageStatus> = new Set([
  'done',
  'stopped',
  'error',
  'interrupted',
]);

/** True once an answer can change no more (short of a retry, which makes a new run). */
export function isFinalStatus(status: MessageStatus): boolean {
  return finalStatuses.has(status);
}

/** An answer that has finished (or ended): it can be retried, and branched off at. */
export function isFinishedAnswer(message: Pick<Message, 'role' | 'status'>): boolean {
  return message.role === 'assistant' && isFinalStatus(message.status);
}
