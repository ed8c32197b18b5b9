import type { Message } from '../../shared/entities.ts';

/** The short hint shown under a message that is not simply finished, or `null`. */
export function messageStatusHint(message: Message, online: boolean): string | null {
  if (message.role === 'user') {
    if (message.status !== 'queued') return null;
    return online ? 'Sending…' : 'Waiting for a connection…';
  }
  switch (message.status) {
    case 'queued':
    case 'pending':
      return 'Thinking…';
    case 'streaming':
      return 'Writing…';
    case 'stopped':
      return 'Stopped';
    case 'interrupted':
      return 'Interrupted before it finished';
    case 'error':
      return message.error || 'Something went wrong while answering.';
    case 'done':
      return null;
  }
}
