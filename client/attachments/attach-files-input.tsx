import { limits } from '../../shared/limits.ts';

/** The MIME types offered in the file dialog; the bytes decide what a file really is. */
const offered = 'image/png,image/jpeg,image/webp,image/gif,application/pdf';

/** The `Attach files` control: a button-looking label over a hidden (still focusable) input. */
export function AttachFilesInput({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <label
      className="button attach-files"
      title={`Attach up to ${limits.attachmentsPerMessage} images or PDFs`}
    >
      <input
        type="file"
        multiple
        accept={offered}
        aria-label="Attach files"
        className="visually-hidden"
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          // The same file can be picked again after being removed.
          event.target.value = '';
        }}
      />
      <span aria-hidden="true">Attach</span>
    </label>
  );
}
