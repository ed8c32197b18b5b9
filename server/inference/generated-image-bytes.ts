import { limits } from '../../shared/limits.ts';
import { megabytes } from '../../shared/media-type.ts';
import type { GeneratedFile } from './generate.ts';

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of an image the model made, or why they cannot be had. Its size is checked
 * before any decoding (a base64 string is a third larger than its bytes), and only base64
 * decodes: Node's decoder skips anything else without a word. A link is never followed: the
 * server fetches nothing a model names.
 */
export function generatedImageBytes(file: GeneratedFile): Uint8Array | { refused: string } {
  if (file.data.kind === 'url') return { refused: 'The model sent a link instead of an image.' };
  if (file.data.kind === 'bytes') {
    return file.data.bytes.byteLength > limits.imageBytes ? { refused: tooLarge } : file.data.bytes;
  }
  const text = file.data.base64;
  if (Math.floor((text.length * 3) / 4) - padding(text) > limits.imageBytes) {
    return { refused: tooLarge };
  }
  if (text.length % 4 !== 0 || !base64.test(text)) {
    return { refused: 'The model sent an image Parley could not read.' };
  }
  return Buffer.from(text, 'base64');
}

const padding = (text: string) => (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

const tooLarge = `The model sent an image larger than ${megabytes(limits.imageBytes)}, which Parley does not keep.`;
