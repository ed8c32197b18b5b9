import type { Attachment } from '../../shared/entities.ts';

/** An image's alt text: its file name, or `Generated image` for one a model made. */
export function imageAlt(attachment: Pick<Attachment, 'name' | 'source'>): string {
  return attachment.source === 'generated' ? 'Generated image' : attachment.name;
}

/** Whether an attachment shows as an image (else as a document link). */
export const isImage = (attachment: Pick<Attachment, 'mediaType'>) =>
  attachment.mediaType.startsWith('image/');

/** A file's size as people read it: `512 B`, `14 KB`, `2.4 MB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kilobytes = bytes / 1024;
  if (kilobytes < 1024) return `${Math.round(kilobytes)} KB`;
  const megabytes = kilobytes / 1024;
  return `${megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes)} MB`;
}

/** A PDF's details beside its name: `12 pages · 2.4 MB`, or the size alone when uncounted. */
export function documentDetails(attachment: Pick<Attachment, 'pageCount' | 'size'>): string {
  const size = fileSize(attachment.size);
  if (attachment.pageCount === null) return size;
  const pages = attachment.pageCount === 1 ? '1 page' : `${attachment.pageCount} pages`;
  return `${pages} · ${size}`;
}

/** The name a generated image downloads as: a file name with the right extension. */
export function downloadName(attachment: Pick<Attachment, 'name' | 'mediaType'>): string {
  const extension = attachment.mediaType.split('/')[1] ?? 'bin';
  return /\.[a-z0-9]+$/i.test(attachment.name)
    ? attachment.name
    : `${attachment.name}.${extension === 'jpeg' ? 'jpg' : extension}`;
}
