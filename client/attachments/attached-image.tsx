import { useState } from 'react';
import type { Attachment } from '../../shared/entities.ts';
import { downloadName, imageAlt } from './attachment-labels.ts';
import { ImageViewer } from './image-viewer.tsx';
import { missingNote } from './missing-note.ts';
import { thumbnailSize } from './thumbnail-size.ts';
import { useAttachmentUrl } from './use-attachment-url.ts';

/**
 * An image as a thumbnail of a fixed size, whatever its own (the row's height is known before
 * the bytes are, so nothing moves as they load), decoded off the main thread and only once
 * near the viewport. It is a link to the full image: a click opens it in a dialog here (Escape
 * closes it), a middle click in a tab. A generated image also offers a download.
 */
export function AttachedImage({ attachment }: { attachment: Attachment }) {
  const bytes = useAttachmentUrl(attachment);
  const [viewing, setViewing] = useState(false);
  const alt = imageAlt(attachment);
  const generated = attachment.source === 'generated';

  if (bytes.status !== 'ready') {
    return (
      <span className="attached-image">
        <span
          className={`attachment-thumbnail attachment-thumbnail--${bytes.status}`}
          aria-busy={bytes.status === 'loading'}
        >
          {bytes.status === 'missing' && (
            <span className="attachment-missing">
              {alt}: {missingNote(bytes.reason)}
            </span>
          )}
        </span>
      </span>
    );
  }
  return (
    <span className="attached-image">
      <a
        className="attachment-thumbnail"
        href={bytes.url}
        target="_blank"
        rel="noopener"
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          setViewing(true);
        }}
      >
        <img
          src={bytes.url}
          alt={alt}
          width={thumbnailSize}
          height={thumbnailSize}
          loading="lazy"
          decoding="async"
        />
      </a>
      {generated && (
        <a
          className="attachment-download"
          href={bytes.url}
          download={downloadName(attachment)}
          // Told apart from the other images' downloads; starts with what it shows.
          aria-label={`Download ${downloadName(attachment)}`}
        >
          Download
        </a>
      )}
      {viewing && (
        <ImageViewer
          url={bytes.url}
          alt={alt}
          download={generated ? downloadName(attachment) : undefined}
          onClose={() => setViewing(false)}
        />
      )}
    </span>
  );
}
