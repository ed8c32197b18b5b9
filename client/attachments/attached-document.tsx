import type { Attachment } from '../../shared/entities.ts';
import { DocumentIcon } from '../shell/icons.tsx';
import { documentDetails } from './attachment-labels.ts';
import { missingNote } from './missing-note.ts';
import { useAttachmentUrl } from './use-attachment-url.ts';

/**
 * A PDF: a link named by its file name that opens it (from the device once its bytes are
 * here, else from the server), its page count and size beside it.
 */
export function AttachedDocument({ attachment }: { attachment: Attachment }) {
  const bytes = useAttachmentUrl(attachment);
  const href =
    bytes.status === 'ready'
      ? bytes.url
      : bytes.status === 'loading' && navigator.onLine
        ? `/api/attachments/${encodeURIComponent(attachment.id)}`
        : undefined;
  return (
    <span className="attached-document">
      <DocumentIcon />
      {href ? (
        <a href={href} target="_blank" rel="noopener" type={attachment.mediaType}>
          {attachment.name}
        </a>
      ) : (
        <span className="attached-document-name">{attachment.name}</span>
      )}
      <span className="attached-document-details">{documentDetails(attachment)}</span>
      {bytes.status === 'missing' && (
        <span className="attachment-missing">{missingNote(bytes.reason)}</span>
      )}
    </span>
  );
}
