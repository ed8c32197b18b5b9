import type { AttachmentMediaType } from './entities.ts';
import { DEMO_MODEL_ID } from './models.ts';

/**
 * How a model is shown an attachment: an image it sees (`image`), a PDF it reads whole
 * (`file`), a PDF's text read out on the server (`text`), only the file's name (the demo
 * model, which echoes), or not at all (undefined).
 */
export type AttachmentReading = 'image' | 'file' | 'text' | 'name';

/** A model as far as its inputs go: a catalog entry will do. */
export type ModelInputs = { id: string; inputModalities: readonly string[] };

/**
 * How `model` takes an attachment of `mediaType`, by the input modalities its catalog entry
 * lists. Any model can take a PDF: one that cannot read files is given its text.
 *
 * @example howModelReads({ id: 'a/b', inputModalities: ['text'] }, 'image/png') // undefined
 */
export function howModelReads(
  model: ModelInputs,
  mediaType: AttachmentMediaType,
): AttachmentReading | undefined {
  if (model.id === DEMO_MODEL_ID) return 'name';
  if (mediaType === 'application/pdf')
    return model.inputModalities.includes('file') ? 'file' : 'text';
  return model.inputModalities.includes('image') ? 'image' : undefined;
}

/**
 * Why `model` cannot take attachments of `mediaTypes`, in words for the model picker; undefined
 * when it can take them all.
 *
 * @example whatModelCannotRead({ id: 'a/b', inputModalities: ['text'] }, ['image/png']) // "Can't read images"
 */
export function whatModelCannotRead(
  model: ModelInputs,
  mediaTypes: readonly AttachmentMediaType[],
): string | undefined {
  return mediaTypes.some((type) => howModelReads(model, type) === undefined)
    ? "Can't read images"
    : undefined;
}
