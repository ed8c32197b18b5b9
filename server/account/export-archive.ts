import { MessageUsage } from '../../shared/entities.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { Database } from '../db/database.ts';
import {
  conversationFileName,
  conversationMarkdown,
  conversationsFolder,
  safeFileName,
} from './conversation-markdown.ts';
import {
  type ExportedConversation,
  type ReadConversation,
  readConversations,
  readProfile,
} from './export-rows.ts';
import { createZipWriter } from './zip-writer.ts';

/** Tokens and cost of one month's answers, as the export's usage.json sums them. */
type MonthUsage = { answers: number; inputTokens: number; outputTokens: number; costUsd: number };

/** Room kept at the archive's end for the text entries still to come after a file. */
const roomForText = 16 * 1024 * 1024;

/**
 * The person's data as a zip, produced a conversation at a time as the reader takes it:
 * `account.json` (who they are), per conversation its attachments' bytes (in a folder beside
 * it), its rows as JSON and a Markdown copy that links the files, and `usage.json` (their
 * answers' tokens and cost per month). Never a key, a password hash or a session: nothing is
 * read from those tables.
 */
export async function* exportArchive(
  db: Database,
  storage: Pick<AttachmentStorage, 'get'>,
  userId: string,
): AsyncGenerator<Uint8Array> {
  const zip = createZipWriter();
  const profile = await readProfile(db, userId);
  const exportedAt = new Date();
  yield await zip.add(
    'account.json',
    json({ exportedAt: exportedAt.toISOString(), account: profile }),
    exportedAt,
  );
  const usage = new Map<string, MonthUsage>();
  for await (const read of readConversations(db, userId)) {
    const { conversation } = read;
    addUsage(usage, conversation);
    const name = `${conversationsFolder}${conversationFileName(conversation)}`;
    const modified = new Date(conversation.updatedAt);
    yield* attachmentFiles(zip, storage, read, `${name} files/`);
    yield await zip.add(`${name}.json`, json(conversation), modified);
    yield await zip.add(`${name}.md`, conversationMarkdown(conversation), modified);
  }
  yield await zip.add('usage.json', json({ byMonth: Object.fromEntries(usage) }), exportedAt);
  yield zip.finish();
}

/**
 * The bytes of a conversation's attachments, each streamed from storage into the archive, and
 * its `file` set to where it went. One whose bytes are gone, or that would take the archive
 * past what a zip without Zip64 holds, keeps `file: null` and is only listed.
 */
async function* attachmentFiles(
  zip: ReturnType<typeof createZipWriter>,
  storage: Pick<AttachmentStorage, 'get'>,
  { conversation, storageKeys }: ReadConversation,
  folder: string,
): AsyncGenerator<Uint8Array> {
  for (const message of conversation.messages) {
    for (const file of message.attachments) {
      const key = storageKeys.get(file.id);
      const path = `${folder}${file.id} ${safeFileName(file.name, 100) || 'file'}`;
      if (!key || !zip.fits(path, file.size + roomForText)) continue;
      const bytes = await storage.get(key);
      if (!bytes) continue;
      yield* zip.addStream(path, bytes, new Date(file.createdAt));
      file.file = path;
    }
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function addUsage(usage: Map<string, MonthUsage>, conversation: ExportedConversation): void {
  for (const message of conversation.messages) {
    const parsed = MessageUsage.safeParse(message.usage);
    if (message.role !== 'assistant' || !parsed.success) continue;
    const month = message.createdAt.slice(0, 7);
    const sum = usage.get(month) ?? { answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    sum.answers += 1;
    sum.inputTokens += parsed.data.inputTokens ?? 0;
    sum.outputTokens += parsed.data.outputTokens ?? 0;
    sum.costUsd += parsed.data.costUsd ?? 0;
    usage.set(month, sum);
  }
}
