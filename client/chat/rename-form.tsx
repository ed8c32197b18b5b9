import { type FormEvent, useEffect, useRef, useState } from 'react';
import { limits } from '../../shared/limits.ts';

type Props = {
  title: string;
  onRename: (title: string) => Promise<void>;
  onDone: () => void;
};

/** Edits a conversation's title in place: Enter saves, Escape cancels. */
export function RenameForm({ title, onRename, onDone }: Props) {
  const [value, setValue] = useState(title);
  const input = useRef<HTMLInputElement>(null);
  const trimmed = value.trim();

  useEffect(() => {
    input.current?.select();
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (trimmed && trimmed !== title) await onRename(trimmed);
    onDone();
  }

  return (
    <form className="rename-form" onSubmit={(event) => void save(event)}>
      <input
        aria-label="Title"
        value={value}
        maxLength={limits.titleChars}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          // Used up here: Escape on the conversation page would otherwise also stop an answer.
          event.preventDefault();
          onDone();
        }}
        ref={input}
      />
      <button type="submit" className="button button--primary" disabled={!trimmed}>
        Save
      </button>
      <button type="button" className="button button--quiet" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
