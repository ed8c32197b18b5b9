import type { AttachmentMediaType } from './entities.ts';
import { limits } from './limits.ts';

/** The most bytes `sniffMediaType` needs to see (a WebP's RIFF header). */
export const sniffBytes = 12;

/** Whether `head` starts with `signature` at `offset` (`undefined` in it matches any byte). */
function startsWith(head: Uint8Array, signature: readonly (number | undefined)[], offset = 0) {
  if (head.length < offset + signature.length) return false;
  return signature.every((byte, i) => byte === undefined || head[offset + i] === byte);
}
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * What a file is by its first bytes (at least `sniffBytes` of them, unless it is shorter), or
 * undefined for anything that is not an accepted kind: a name or a declared type is never
 * believed, so an HTML page named `.png` or an SVG (which can run script) is no image here.
 * A PDF must start with its header; one behind leading bytes could be anything else too.
 */
export function sniffMediaType(head: Uint8Array): AttachmentMediaType | undefined {
  if (startsWith(head, [0x89, ...ascii('PNG\r\n\x1a\n')])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

/** The largest file of `mediaType` a person may attach, in bytes. */
export function maxBytesOf(mediaType: AttachmentMediaType): number {
  return mediaType === 'application/pdf' ? limits.pdfBytes : limits.imageBytes;
}

/** The largest attachment of any kind: what a declared length is checked against first. */
export const maxAttachmentBytes = Math.max(limits.pdfBytes, limits.imageBytes);

/** What the person is told about a file that is none of the accepted kinds. */
export const acceptedKinds = 'Attach PNG, JPEG, WebP or GIF images, or PDF documents.';

/** Megabytes, for messages. */
export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

const imageExtensions = new Set(['png', 'jpg', 'jpeg', 'jpe', 'webp', 'gif']);

/**
 * Why `name` contradicts what the file's bytes say it is, or undefined when it does not: a
 * file named as a PDF that holds an image, or named as an image that holds a PDF, is not what
 * the person meant to send (or is dressed up as something else). Images named as another kind
 * of image (a PNG saved as `.jpg`, common on the web) are taken as what their bytes say.
 */
export function nameContradiction(
  name: string,
  mediaType: AttachmentMediaType,
): string | undefined {
  const extension = /\.([^.]+)$/.exec(name.toLowerCase())?.[1];
  if (extension === undefined) return undefined;
  const isPdf = mediaType === 'application/pdf';
  if (extension === 'pdf' && !isPdf) {
    return `${name} is named as a PDF but holds an image. Rename it or pick the PDF you meant.`;
  }
  if (imageExtensions.has(extension) && isPdf) {
    return `${name} is named as an image but holds a PDF. Rename it or pick the image you meant.`;
  }
  return undefined;
}

/**
 * Why a file of `size` bytes whose first bytes read as `mediaType` (`sniffMediaType`) cannot
 * be attached, or undefined when it can: what a device tells the person before uploading it.
 * The server holds the same rules as the bytes arrive.
 */
export function refusalOf(
  name: string,
  mediaType: AttachmentMediaType | undefined,
  size: number,
): string | undefined {
  if (!mediaType) return `${name} cannot be attached. ${acceptedKinds}`;
  const contradiction = nameContradiction(name, mediaType);
  if (contradiction) return contradiction;
  const max = maxBytesOf(mediaType);
  if (size <= max) return undefined;
  const kind = mediaType === 'application/pdf' ? 'a PDF' : 'an image';
  return `${name} is too large: ${kind} can be at most ${megabytes(max)}.`;
}
