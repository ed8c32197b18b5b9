import { MessageUsage } from '../../shared/entities.ts';
import type { Database } from '../db/database.ts';
import { conversationFileName, conversationMarkdown } from './conversation-markdown.ts';
import { type ExportedConversation, readConversations, readProfile } from './export-rows.ts';
import { createZipWriter } from './zip-writer.ts';

/** Tokens and cost of one month's answers, as the export's usage.json sums them. */
type MonthUsage = { answers: number; inputTokens: number; outputTokens: number; costUsd: number };

/**
 * The person's data as a zip, produced a conversation at a time as the reader takes it:
 * `account.json` (who they are), per conversation its rows as JSON and a Markdown copy, and
 * `usage.json` (their answers' tokens and cost per month). Never a key, a password hash or a
 * session: nothing is read from those tables.
 */
export async function* exportArchive(db: Database, userId: string): AsyncGenerator<Uint8Array> {
  const zip = createZipWriter();
  const profile = await readProfile(db, userId);
  const exportedAt = new Date();
  yield await zip.add(
    'account.json',
    json({ exportedAt: exportedAt.toISOString(), account: profile }),
    exportedAt,
  );
  const usage = new Map<string, MonthUsage>();
  for await (const conversation of readConversations(db, userId)) {
    addUsage(usage, conversation);
    const name = `conversations/${conversationFileName(conversation)}`;
    const modified = new Date(conversation.updatedAt);
    yield await zip.add(`${name}.json`, json(conversation), modified);
    yield await zip.add(`${name}.md`, conversationMarkdown(conversation), modified);
  }
  yield await zip.add('usage.json', json({ byMonth: Object.fromEntries(usage) }), exportedAt);
  yield zip.finish();
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
