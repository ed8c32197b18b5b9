import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { limits } from '../../shared/limits.ts';
import { AttachFilesInput } from '../attachments/attach-files-input.tsx';
import { AttachmentChips } from '../attachments/attachment-chips.tsx';
import { anyRefused } from '../attachments/upload-queue.ts';
import { usePickedFiles } from '../attachments/use-picked-files.ts';
import { StopIcon } from '../shell/icons.tsx';
import { InputEstimateLine } from './input-estimate-line.tsx';

type Props = {
  /**
   * Sends the (trimmed, non-empty) text with the attachments picked for it (ids of files kept
   * on the device, uploaded or on their way). If it throws, the text is put back.
   */
  onSend: (content: string, attachmentIds: string[]) => Promise<void>;
  /** While an answer is being generated, `Stop` takes the place of `Send` and calls this. */
  onStop?: (() => void) | undefined;
  generating?: boolean | undefined;
  /** Controls shown under the box (the model on the home page). */
  accessory?: ReactNode | undefined;
  /** The open conversation's length and model: a long one shows what sending will cost. */
  context?: { chars: number; model: string } | undefined;
  /** Told the kinds of the files waiting to be sent, so the model picker can say who reads them. */
  onAttachmentTypes?: ((types: AttachmentMediaType[]) => void) | undefined;
};

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({
  onSend,
  onStop,
  generating = false,
  accessory,
  context,
  onAttachmentTypes,
}: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const files = usePickedFiles();
  const content = text.trim();
  const tooLong = text.length > limits.messageChars;
  const canSend = content.length > 0 && !tooLong && !generating;

  useEffect(() => {
    // Ready to type on a computer (on a phone, opening the keyboard unasked is in the way), but
    // never taken from another box the person is typing in: a conversation that reaches the
    // device while they search mounts its composer late. The box is always in view, so the
    // focus does not scroll to it (1.9 ms of each switch between conversations).
    if (window.matchMedia('(pointer: fine)').matches && !typingElsewhere()) {
      textarea.current?.focus({ preventScroll: true });
    }
  }, []);

  const types = [...new Set(files.picked.map((file) => file.mediaType))].sort().join(' ');
  useEffect(() => {
    onAttachmentTypes?.(types ? (types.split(' ') as AttachmentMediaType[]) : []);
  }, [types, onAttachmentTypes]);

  async function send() {
    if (!canSend) return;
    if (anyRefused(files.picked.map((file) => file.id))) {
      setError('Remove the files that could not be uploaded, then send.');
      return;
    }
    setText('');
    setError(null);
    // Send gives way to Stop: keep the focus in the box rather than lose it with the button.
    if (window.matchMedia('(pointer: fine)').matches) textarea.current?.focus();
    try {
      await onSend(
        content,
        files.picked.map((file) => file.id),
      );
      files.clear();
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
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        void files.add([...event.dataTransfer.files]);
      }}
    >
      {(error || tooLong) && (
        <p className="form-error" role="alert">
          {tooLong ? `A message can be at most ${limits.messageChars} characters.` : error}
        </p>
      )}
      {files.refusals.length > 0 && (
        <p className="form-error" role="alert">
          {files.refusals.join(' ')}
        </p>
      )}
      <AttachmentChips files={files.picked} onRemove={files.remove} />
      <div className="composer-box">
        <AttachFilesInput onFiles={(picked) => void files.add(picked)} />
        <textarea
          ref={textarea}
          aria-label="Message"
          placeholder="Type your message…"
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            // Pasted files (a screenshot) are attached; pasted text is typed as usual.
            if (event.clipboardData.files.length === 0) return;
            event.preventDefault();
            void files.add([...event.clipboardData.files]);
          }}
        />
        {generating && onStop ? (
          <button
            key="stop"
            type="button"
            className="button"
            title="Stop generating (Esc)"
            onClick={onStop}
          >
            <StopIcon />
            Stop
          </button>
        ) : (
          <button key="send" type="submit" className="button button--primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
      {context && <InputEstimateLine chars={context.chars + text.length} model={context.model} />}
      {accessory && <div className="composer-accessory">{accessory}</div>}
    </form>
  );
}

const textInputTypes = new Set(['text', 'search', 'email', 'password', 'url', 'tel', 'number']);

/** Whether the focus is in a text box (or other editable element) of the page. */
function typingElsewhere(): boolean {
  const active = document.activeElement;
  if (active instanceof HTMLInputElement) return textInputTypes.has(active.type);
  return (
    active instanceof HTMLTextAreaElement ||
    (active instanceof HTMLElement && active.isContentEditable)
  );
}
