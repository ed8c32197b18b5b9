import type { Message } from '../../shared/entities.ts';

/** Whether an answer is being generated now: accepted by the server and not yet final. */
export function isGenerating(message: Message): boolean {
  return (
    message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming')
  );
}

/**
 * The run whose stream to read for this message, or null when there is none to read: the
 * answer is final (its row holds the text), queued, or retried here and not yet given a run by
 * the server.
 */
export function liveRunId(message: Message): string | null {
  return isGenerating(message) ? message.runId : null;
}
