import type { ReadTransaction } from 'replicache';
import { Conversation, Message } from '../../shared/entities.ts';
import { conversationPrefix, messagePrefix } from '../../shared/keys.ts';
import { parseEach } from '../../shared/queries.ts';

export type SearchHit = {
  conversation: Conversation;
  /** Where the words were found in a message, with a little context; null for a title match. */
  snippet: string | null;
};

/** Characters of context either side of a match in a snippet. */
const context = 40;

/**
 * Conversations whose title or any message contains `query` (case and accents ignored), most
 * recent first. Reads only the local store, so it works offline.
 */
export async function searchConversations(
  tx: ReadTransaction,
  query: string,
): Promise<SearchHit[]> {
  const [conversations, messages] = await Promise.all([
    tx.scan({ prefix: conversationPrefix }).values().toArray(),
    tx.scan({ prefix: messagePrefix }).values().toArray(),
  ]);
  return matchConversations(
    parseEach(Conversation, conversations),
    parseEach(Message, messages),
    query,
  );
}

/** The pure part of `searchConversations`. */
export function matchConversations(
  conversations: readonly Conversation[],
  messages: readonly Message[],
  query: string,
): SearchHit[] {
  const needle = fold(query.trim());
  if (needle === '') return [];
  const snippets = new Map<string, string>();
  for (const message of [...messages].sort((a, b) => a.order - b.order)) {
    if (snippets.has(message.conversationId)) continue;
    const at = foldedContent(message).indexOf(needle);
    if (at !== -1)
      snippets.set(message.conversationId, snippet(message.content, at, needle.length));
  }
  return [...conversations]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .flatMap((conversation): SearchHit[] => {
      if (fold(conversation.title).includes(needle)) return [{ conversation, snippet: null }];
      const found = snippets.get(conversation.id);
      return found === undefined ? [] : [{ conversation, snippet: found }];
    });
}

// A search runs again on every keystroke over every message; an unchanged message is the same
// object each time (see `parseEach`), so its folded text is kept rather than redone.
const folded = new WeakMap<Message, string>();

function foldedContent(message: Message): string {
  let text = folded.get(message);
  if (text === undefined) {
    text = fold(message.content);
    folded.set(message, text);
  }
  return text;
}

// Lower case without accents. An accented letter folds to one code unit, as it is in the
// (NFC) original, so an offset in the folded text points at the same place in the original.
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function snippet(text: string, at: number, length: number): string {
  const start = Math.max(0, at - context);
  const end = Math.min(text.length, at + length + context);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
