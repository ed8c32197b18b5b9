import type { Message } from '../../shared/entities.ts';

/**
 * Under an answer whose model was not shown the whole conversation: its context could not hold
 * it, so the oldest messages were left out. The count is its tooltip.
 */
export function ContextNote({ message }: { message: Message }) {
  const { messagesLeftOut } = message;
  if (message.role !== 'assistant' || messagesLeftOut === 0) return null;
  const count =
    messagesLeftOut === 1 ? '1 message' : `${messagesLeftOut.toLocaleString()} messages`;
  return (
    <p className="message-hint" data-context-note title={`${count} not sent with this answer`}>
      Earlier messages were left out to fit this model.
    </p>
  );
}
