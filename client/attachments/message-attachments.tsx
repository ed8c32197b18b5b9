import { memo } from 'react';
import { AttachedDocument } from './attached-document.tsx';
import { AttachedImage } from './attached-image.tsx';
import { isImage } from './attachment-labels.ts';
import './attachments.css';
import { useMessageAttachments } from './use-message-attachments.ts';

/**
 * The files a message carries: images as thumbnails of a fixed size (a conversation of many
 * images lays out once, before any has loaded), documents as links with their details. Their
 * bytes are read when the message is shown (the list is virtualised), not before.
 */
export const MessageAttachments = memo(function MessageAttachments({
  messageId,
}: {
  messageId: string;
}) {
  const attachments = useMessageAttachments(messageId);
  if (attachments.length === 0) return null;
  const images = attachments.filter(isImage);
  const documents = attachments.filter((attachment) => !isImage(attachment));
  return (
    <div className="message-attachments">
      {images.length > 0 && (
        <ul className="attached-images">
          {images.map((attachment) => (
            <li key={attachment.id}>
              <AttachedImage attachment={attachment} />
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <ul className="attached-documents">
          {documents.map((attachment) => (
            <li key={attachment.id}>
              <AttachedDocument attachment={attachment} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
