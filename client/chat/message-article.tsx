import type { Message } from '../../shared/entities.ts';
import { useOnline } from '../sync/use-online.ts';
import { messageStatusHint } from './message-status.ts';

/** One message. Plain text for now; whitespace is kept as written. */
export function MessageArticle({ message }: { message: Message }) {
  const online = useOnline();
  const hint = messageStatusHint(message, online);
  return (
    <article
      className={`message message--${message.role}`}
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
    >
      {message.content && <div className="message-content">{message.content}</div>}
      {hint && (
        <p
          className={
            message.status === 'error' ? 'message-hint message-hint--error' : 'message-hint'
          }
        >
          {hint}
        </p>
      )}
    </article>
  );
}
