import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { limits } from '../../shared/limits.ts';

type Props = {
  original: string;
  /** Sends the edited (trimmed, non-empty) text as a new branch. */
  onSave: (content: string) => Promise<void>;
  onCancel: () => void;
};

/**
 * A message of the person's, editable in place. Saving sends the new text in a new branch
 * of the conversation; the original and its answer stay where they are.
 */
export function EditMessageForm({ original, onSave, onCancel }: Props) {
  const [text, setText] = useState(original);
  const [error, setError] = useState<string | null>(null);
  const content = text.trim();
  const tooLong = text.length > limits.messageChars;
  const canSave = content !== '' && !tooLong;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!canSave) return;
    try {
      await onSave(content);
    } catch {
      setError('The edit could not be sent. Please try again.');
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      // Used here: it must not also stop an answer being generated.
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="edit-message" onSubmit={save}>
      <textarea
        aria-label="Edit message"
        // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this text
        autoFocus
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onFocus={(event) => event.currentTarget.setSelectionRange(text.length, text.length)}
      />
      {(error || tooLong) && (
        <p className="form-error" role="alert">
          {tooLong ? `A message can be at most ${limits.messageChars} characters.` : error}
        </p>
      )}
      <p className="edit-message-hint">Saving starts a new branch; this version stays.</p>
      <div className="edit-message-buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={!canSave}>
          Save
        </button>
      </div>
    </form>
  );
}
