import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { howModelReads } from '../../shared/model-inputs.ts';
import { attachment } from '../db/attachment-schema.ts';
import type { Queryable } from '../db/database.ts';

/** An attachment as a run plans it: what it is and where its bytes are. */
export type AttachedFile = {
  messageId: string;
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
  pageCount: number | null;
  storageKey: string;
};

const idsPerQuery = 1_000;

/**
 * The attachments of `messageIds` that belong to `userId`, in the order they were attached,
 * grouped by message. The person is checked here too, not only when a message claims a file:
 * no one else's bytes can ever go into a person's request.
 */
export async function attachmentsOfMessages(
  db: Queryable,
  userId: string,
  messageIds: readonly string[],
): Promise<Map<string, AttachedFile[]>> {
  const byMessage = new Map<string, AttachedFile[]>();
  // A long context names thousands of messages: asked for a page at a time, within the
  // database's limit on parameters.
  for (let at = 0; at < messageIds.length; at += idsPerQuery) {
    const rows = await db
      .select({
        messageId: attachment.messageId,
        name: attachment.name,
        mediaType: attachment.mediaType,
        size: attachment.size,
        pageCount: attachment.pageCount,
        storageKey: attachment.storageKey,
      })
      .from(attachment)
      .where(
        and(
          eq(attachment.userId, userId),
          inArray(attachment.messageId, messageIds.slice(at, at + idsPerQuery)),
        ),
      )
      .orderBy(asc(attachment.createdAt), asc(attachment.id));
    for (const row of rows) {
      if (row.messageId === null) continue;
      const list = byMessage.get(row.messageId) ?? [];
      list.push({ ...row, messageId: row.messageId });
      byMessage.set(row.messageId, list);
    }
  }
  return byMessage;
}

/** What a model is sent for one attachment: its bytes (image or PDF), or words. */
export type PlannedAttachment =
  | { kind: 'bytes'; file: AttachedFile }
  | { kind: 'text'; text: string };

/** Raw bytes sent in one request at most: base64 in JSON makes a third more, held whole. */
export const maxRequestBytes = 32 * 1024 * 1024;
/** What an image costs in tokens: about what the common vision models charge for a large one. */
export const tokensPerImage = 1_600;
/** What a PDF's page costs when the model reads the file (its text and a picture of it). */
export const tokensPerPdfPage = 1_500;
/** A PDF's pages when they could not be counted: one per this many bytes, at least one. */
const bytesPerUncountedPage = 60 * 1024;

/** The tokens a file sent whole is estimated to take. */
export function fileTokens(file: AttachedFile): number {
  if (file.mediaType !== 'application/pdf') return tokensPerImage;
  const pages = file.pageCount ?? Math.max(1, Math.ceil(file.size / bytesPerUncountedPage));
  return pages * tokensPerPdfPage;
}

/** The model as planning sees it. */
export type ModelInputs = { id: string; inputModalities: readonly string[] };

/**
 * How `file` goes to `model`: its bytes, its text (a PDF the model cannot take whole, or
 * that would overrun `bytesLeft`), its name (the demo model), or nothing it could read
 * (undefined).
 */
export function readingFor(
  model: ModelInputs,
  file: AttachedFile,
  bytesLeft: number,
): 'bytes' | 'text' | 'name' | undefined {
  const reading = howModelReads(model, file.mediaType);
  if (reading === undefined || reading === 'name' || reading === 'text') return reading;
  if (file.size <= bytesLeft) return 'bytes';
  return reading === 'file' ? 'text' : undefined;
}

/** Why the person's message cannot go to the model, in words for them. */
export function refusalFor(modelId: string, file: AttachedFile, tooLarge: boolean): string {
  return tooLarge
    ? `The images on this message are too large to send together (at most ${maxRequestBytes / 1024 / 1024} MB). Send fewer at a time.`
    : `${modelId} cannot see images, so it cannot read ${file.name}. Choose a model that reads images, or remove the image.`;
}
