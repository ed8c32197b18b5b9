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
export function answerProblem(message: Message, now = Date.now()): string | null {
  if (message.role !== 'assistant') return null;
  if (message.status === 'error') {
    const error = message.error || 'Something went wrong while answering.';
    return message.limitResetsAt ? withResetTime(error, message.limitResetsAt, now) : error;
  }
  if (message.status === 'interrupted') {
    return message.error || 'The answer was interrupted before it finished.';
  }
  return null;
}

/**
 * A message limit's refusal with when it resets, in the person's own time, after its first
 * sentence (which names the limit). The minute is rounded up: a retry at the time shown works.
 */
function withResetTime(error: string, resetsAt: number, now: number): string {
  const at = new Date(Math.ceil(resetsAt / 60_000) * 60_000);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const today = at.toDateString() === new Date(now).toDateString();
  const sentence = `It resets ${today ? '' : 'tomorrow '}at ${time}.`;
  const end = error.indexOf('. ') + 1;
  if (end === 0) return `${error} ${sentence}`;
  return `${error.slice(0, end)} ${sentence}${error.slice(end)}`;
}
