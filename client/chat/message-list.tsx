import { useEffect, useRef } from 'react';
import type { Message } from '../../shared/entities.ts';
import { MessageArticle } from './message-article.tsx';

/**
 * The conversation so far. A new message (one just sent, say) is brought into view; growing
 * text is followed by the scrolling container (useStickToBottom).
 */
export function MessageList({ messages }: { messages: readonly Message[] }) {
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;

  useEffect(() => {
    if (lastId) end.current?.scrollIntoView({ block: 'end' });
  }, [lastId]);

  return (
    <section className="message-list" aria-label="Messages">
      {messages.map((message) => (
        <MessageArticle key={message.id} message={message} />
      ))}
      <div ref={end} />
    </section>
  );
}
