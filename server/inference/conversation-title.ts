import { generateText, type LanguageModel } from 'ai';
import { and, asc, eq } from 'drizzle-orm';
import { limits } from '../../shared/limits.ts';
import { titleFromMessage } from '../../shared/titles.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { errorMessage } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import { visibleUpdate } from '../sync/visible-write.ts';

const instructions =
  'Write a title for this chat in at most six words. Reply with the title alone: no quotes, no ' +
  'trailing punctuation, in the language of the question.';

/**
 * Gives a conversation a short title after its first answer, from a cheap model. Only while it
 * still carries the provisional title (the first words of its first message, set on the
 * person's device): a conversation the person renamed keeps its name, even mid-flight.
 * Returns whether the title changed. Never throws: a title is a nicety.
 */
export async function nameConversation(
  db: Database,
  model: LanguageModel,
  conversationId: string,
): Promise<boolean> {
  try {
    const [first, reply] = await db
      .select({ content: message.content })
      .from(message)
      .where(eq(message.conversationId, conversationId))
      .orderBy(asc(message.order))
      .limit(2);
    if (!first || !reply) return false;
    const provisional = titleFromMessage(first.content);
    const [current] = await db
      .select({ title: conversation.title })
      .from(conversation)
      .where(eq(conversation.id, conversationId));
    if (current?.title !== provisional) return false;

    const { text } = await generateText({
      model,
      instructions,
      prompt: `Question:\n${first.content.slice(0, 2000)}\n\nAnswer:\n${reply.content.slice(0, 1000)}`,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(15_000),
    });
    const title = cleanTitle(text);
    if (title === '' || title === provisional) return false;
    const updated = await db
      .update(conversation)
      .set(visibleUpdate(conversation, { title }))
      .where(and(eq(conversation.id, conversationId), eq(conversation.title, provisional)))
      .returning({ id: conversation.id });
    return updated.length > 0;
  } catch (error) {
    // The error's message only: what was asked is the person's own words.
    processLog.warn('titles.title_failed', {
      conversationId,
      error: errorMessage(error),
    });
    return false;
  }
}

/** One line, no wrapping quotes or trailing full stop, within the title limit. */
export function cleanTitle(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line
    .replace(/^(title:\s*)/i, '')
    .replace(/^["'“”‘’*#\s]+|["'“”‘’*\s]+$/g, '')
    .replace(/[.。]+$/, '')
    .slice(0, limits.titleChars)
    .trim();
}
