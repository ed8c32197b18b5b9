import { useEffect, useRef } from 'react';
import type { Message } from '../../shared/entities.ts';
import { MessageArticle } from './message-article.tsx';

/** The conversation so far; keeps the newest message in view as messages arrive. */
export function MessageList({ messages }: { messages: readonly Message[] }) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  const lastKey = last ? `${last.id}:${last.status}:${last.content.length}` : '';

  useEffect(() => {
    if (lastKey) end.current?.scrollIntoView({ block: 'end' });
  }, [lastKey]);

  return (
    <section className="message-list" aria-label="Messages">
      {messages.map((message) => (
        <MessageArticle key={message.id} message={message} />
      ))}
      <div ref={end} />
    </section>
  );
}
