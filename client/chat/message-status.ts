import type { Message } from '../../shared/entities.ts';

/**
 * The short note shown under a message that is on its way or was cut short, or `null`.
 * `hasText`: whether text is showing already (then the typing indicator says "writing").
 */
export function messageStatusHint(
  message: Message,
  online: boolean,
  hasText: boolean,
): string | null {
  if (message.role === 'user') {
    if (message.status !== 'queued') return null;
    return online ? 'Sending…' : 'Waiting for a connection…';
  }
  switch (message.status) {
    case 'queued':
    case 'pending':
    case 'streaming':
      return hasText ? null : 'Thinking…';
    case 'stopped':
      return 'Stopped';
    case 'done':
    case 'error':
    case 'interrupted':
      return null;
  }
}

/** Why an answer did not finish, for `error` and `interrupted` answers; otherwise `null`. */
export function answerProblem(message: Message): string | null {
  if (message.role !== 'assistant') return null;
  if (message.status === 'error') return message.error || 'Something went wrong while answering.';
  if (message.status === 'interrupted') {
    return message.error || 'The answer was interrupted before it finished.';
  }
  return null;
}
