import './composer-attachments.css';
import { useOnline } from '../sync/use-online.ts';
import { formatSize, type PickedFile } from './picked-files.ts';
import { type UploadState, useUploadState } from './upload-queue.ts';

/** The files attached to the message being written, each with its upload and a way to remove it. */
export function AttachmentChips({
  files,
  onRemove,
}: {
  files: readonly PickedFile[];
  onRemove: (id: string) => void;
}) {
  if (files.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attachments">
      {files.map((file) => (
        <AttachmentChip key={file.id} file={file} onRemove={() => onRemove(file.id)} />
      ))}
    </ul>
  );
}

function AttachmentChip({ file, onRemove }: { file: PickedFile; onRemove: () => void }) {
  const upload = useUploadState(file.id);
  const online = useOnline();
  const phase = upload?.phase ?? 'waiting';
  return (
    <li className="attachment-chip" data-upload={phase}>
      <span className="attachment-chip-name">{file.name}</span>
      <span className="attachment-chip-size">{formatSize(file.size)}</span>
      {phase !== 'uploaded' && phase !== 'failed' && (
        <progress
          aria-label={`Upload of ${file.name}`}
          max={upload?.total || file.size || 1}
          value={upload?.loaded ?? 0}
        />
      )}
      <span className="attachment-chip-status">{uploadNote(upload, online)}</span>
      <button
        type="button"
        className="attachment-chip-remove"
        aria-label={`Remove ${file.name}`}
        title="Remove"
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

/** What a chip says of its upload. */
export function uploadNote(upload: UploadState | undefined, online: boolean): string {
  switch (upload?.phase) {
    case undefined:
    case 'waiting':
      return online ? 'Waiting to upload' : 'Waiting for a connection';
    case 'uploading':
      return `Uploading ${Math.floor((upload.loaded / Math.max(1, upload.total)) * 100)}%`;
    case 'uploaded':
      return 'Uploaded';
    case 'failed':
      return upload.message;
  }
}
