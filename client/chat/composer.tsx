import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { limits } from '../../shared/limits.ts';

type Props = {
  /** Sends the (trimmed, non-empty) text. If it throws, the text is put back. */
  onSend: (content: string) => Promise<void>;
};

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const content = text.trim();
  const tooLong = text.length > limits.messageChars;
  const canSend = content.length > 0 && !tooLong;

  useEffect(() => {
    // Ready to type on a computer; on a phone, opening the keyboard unasked is in the way.
    if (window.matchMedia('(pointer: fine)').matches) textarea.current?.focus();
  }, []);

  async function send() {
    if (!canSend) return;
    setText('');
    setError(null);
    try {
      await onSend(content);
    } catch {
      setText(text);
      setError('That message could not be sent. Please try again.');
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {(error || tooLong) && (
        <p className="form-error" role="alert">
          {tooLong ? `A message can be at most ${limits.messageChars} characters.` : error}
        </p>
      )}
      <div className="composer-box">
        <textarea
          ref={textarea}
          aria-label="Message"
          placeholder="Type your message…"
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}
