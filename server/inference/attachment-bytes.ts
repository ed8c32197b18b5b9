import type { LanguageModelV4FilePart, LanguageModelV4TextPart } from '@ai-sdk/provider';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { PdfTextReader } from './answer-context.ts';
import type { ChatTurn, PromptTurn } from './generate.ts';
import { extractPdfText, type PdfText } from './pdf-text.ts';
import type { AttachedFile } from './turn-attachments.ts';

/** Raised when an attachment's bytes are not where its row says. */
export class MissingAttachmentError extends Error {
  override name = 'MissingAttachmentError';
}

/**
 * An attachment's bytes, read whole from storage: what a model request carries. Never more
 * than the row's size is kept, whatever the storage gives back.
 */
export async function readAttachment(
  storage: AttachmentStorage,
  file: AttachedFile,
): Promise<Uint8Array> {
  const stream = await storage.get(file.storageKey);
  if (!stream) throw new MissingAttachmentError(`no bytes under ${file.storageKey}`);
  const bytes = new Uint8Array(file.size);
  let at = 0;
  for await (const chunk of stream) {
    if (at + chunk.byteLength > file.size) {
      await stream.cancel().catch(() => {});
      throw new MissingAttachmentError(`more bytes than recorded under ${file.storageKey}`);
    }
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  if (at !== file.size)
    throw new MissingAttachmentError(`fewer bytes than recorded under ${file.storageKey}`);
  return bytes;
}

/** PDFs' text read out recently, by storage key (a key's bytes never change). */
const keptTexts = 16;

/**
 * Reads a PDF's text for a model that cannot take the file. The last few are kept: every
 * answer in a conversation about one PDF would otherwise read it out again.
 */
export function pdfTextReader(storage: AttachmentStorage): PdfTextReader {
  const kept = new Map<string, Promise<PdfText>>();
  return (file) => {
    const known = kept.get(file.storageKey);
    if (known) {
      kept.delete(file.storageKey);
      kept.set(file.storageKey, known);
      return known;
    }
    const reading = readAttachment(storage, file).then((bytes) => extractPdfText(bytes));
    kept.set(file.storageKey, reading);
    // A failed read is not kept: the next answer tries again.
    reading.catch(() => kept.delete(file.storageKey));
    while (kept.size > keptTexts) kept.delete(kept.keys().next().value as string);
    return reading;
  };
}

/**
 * The turns as sent: each planned attachment becomes a part, its bytes read from storage now,
 * just before the call, one file after another.
 */
export async function promptTurns(
  storage: AttachmentStorage,
  turns: readonly ChatTurn[],
): Promise<PromptTurn[]> {
  const sent: PromptTurn[] = [];
  for (const turn of turns) {
    const parts: (LanguageModelV4TextPart | LanguageModelV4FilePart)[] = [];
    for (const attachment of turn.attachments ?? []) {
      if (attachment.kind === 'text') {
        parts.push({ type: 'text', text: attachment.text });
        continue;
      }
      const { file } = attachment;
      parts.push({
        type: 'file',
        filename: file.name,
        mediaType: file.mediaType,
        data: { type: 'data', data: await readAttachment(storage, file) },
      });
    }
    sent.push({ role: turn.role, content: turn.content, parts });
  }
  return sent;
}
