import type { AttachmentMediaType } from '../../shared/entities.ts';
import { limits } from '../../shared/limits.ts';
import { refusalOf, sniffBytes, sniffMediaType } from '../../shared/media-type.ts';

/** A file the person picked for the message they are writing, as its chip shows it. */
export type PickedFile = { id: string; name: string; size: number; mediaType: AttachmentMediaType };

/** A picked file after its first bytes were read: attachable (with its kind), or refused. */
export type CheckedFile =
  | { file: File; mediaType: AttachmentMediaType }
  | { file: File; refusal: string };

/**
 * What `file` is by its first bytes, and whether it may be attached: its name and declared type
 * are never believed (an HTML page named `.png` is refused here, as on the server).
 */
export async function checkFile(file: File): Promise<CheckedFile> {
  const head = new Uint8Array(await file.slice(0, sniffBytes).arrayBuffer());
  const mediaType = sniffMediaType(head);
  const refusal = refusalOf(file.name, mediaType, file.size);
  if (refusal || !mediaType) return { file, refusal: refusal ?? '' };
  return { file, mediaType };
}

/**
 * Splits checked files into those that join the `already` picked ones and what to tell the
 * person about the rest: refused kinds and sizes, and any past the per-message limit.
 */
export function admitFiles(
  already: number,
  checked: readonly CheckedFile[],
): { admitted: { file: File; mediaType: AttachmentMediaType }[]; refusals: string[] } {
  const admitted: { file: File; mediaType: AttachmentMediaType }[] = [];
  const refusals: string[] = [];
  let overLimit = 0;
  for (const item of checked) {
    if ('refusal' in item) refusals.push(item.refusal);
    else if (already + admitted.length >= limits.attachmentsPerMessage) overLimit += 1;
    else admitted.push(item);
  }
  if (overLimit > 0) {
    refusals.push(
      `A message can carry at most ${limits.attachmentsPerMessage} files: ${overLimit === 1 ? 'one was' : `${overLimit} were`} left out.`,
    );
  }
  return { admitted, refusals };
}

/** A file's size as a person reads it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
