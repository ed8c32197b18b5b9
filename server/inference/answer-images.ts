import { limits } from '../../shared/limits.ts';
import {
  type GeneratedImageDeps,
  type GeneratingAnswer,
  keepGeneratedImage,
} from '../attachments/generated-images.ts';
import { loggableError } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import type { GeneratedFile } from './generate.ts';
import { generatedImageBytes } from './generated-image-bytes.ts';

/** What the runner needs to ask models for images and keep the ones they make. */
export type ImageOutput = GeneratedImageDeps & {
  /** Whether a model makes images (its catalog entry lists image output). */
  outputsImages: (modelId: string) => Promise<boolean>;
};

/** The most images one answer keeps: as many as a message may carry attachments. */
export const imagesPerAnswer = limits.attachmentsPerMessage;

/**
 * The images of one answer, across its models (a fallback included): each is kept as an
 * attachment of the answer as it arrives, and each left out is told to the person in the
 * answer's text (`note`), as the one place a reader of the answer surely sees. A failure to
 * store one does not end the answer: its text goes on.
 */
export function answerImages(
  output: ImageOutput | undefined,
  answer: GeneratingAnswer,
  effects: { note: (text: string) => Promise<void>; kept: () => void },
) {
  let received = 0;
  let kept = 0;

  async function keep(file: GeneratedFile): Promise<string | undefined> {
    if (!output) return undefined;
    received += 1;
    // Told once; the rest go without a word.
    if (received === imagesPerAnswer + 1) {
      return `Only the first ${imagesPerAnswer} images of an answer are kept.`;
    }
    if (received > imagesPerAnswer) return undefined;
    const bytes = generatedImageBytes(file);
    if (!(bytes instanceof Uint8Array)) return bytes.refused;
    try {
      const result = await keepGeneratedImage(output, answer, kept + 1, bytes);
      if ('refused' in result) return result.refused;
      kept += 1;
      effects.kept();
      return undefined;
    } catch (error) {
      processLog.error('runner.image_not_kept', {
        messageId: answer.messageId,
        error: loggableError(error),
      });
      return 'An image could not be stored. Retry to try again.';
    }
  }

  return {
    /** The image handler for a call to `modelId`: none (nothing asked) unless it makes images. */
    async forModel(modelId: string) {
      if (!output || !(await output.outputsImages(modelId).catch(() => false))) return undefined;
      return async (file: GeneratedFile) => {
        const refused = await keep(file);
        if (refused) await effects.note(refused);
      };
    },
  };
}
