import type { ExportedConversation } from './export-rows.ts';

/** Where the archive keeps each conversation's documents, and its files beside them. */
export const conversationsFolder = 'conversations/';

/** One conversation as a Markdown document: its title, then each message under who said it. */
export function conversationMarkdown(conversation: ExportedConversation): string {
  const lines = [
    `# ${conversation.title.trim() || 'Untitled conversation'}`,
    '',
    `Started ${conversation.createdAt} with ${conversation.model}.`,
  ];
  for (const message of conversation.messages) {
    const who = message.role === 'user' ? 'You' : `Assistant (${message.model ?? 'unknown model'})`;
    lines.push('', `## ${who}`, '', message.content.trim() || '*(no text)*');
    // A link to the file beside this document where the archive holds it, else its name.
    const names = (source: string) =>
      message.attachments
        .filter((file) => file.source === source)
        .map((file) =>
          file.file
            ? `[${file.name.replace(/[[\]\\]/g, '\\$&')}](<${file.file.slice(conversationsFolder.length)}>)`
            : file.name,
        );
    if (names('upload').length > 0) lines.push('', `*Attached: ${names('upload').join(', ')}*`);
    if (names('generated').length > 0)
      lines.push('', `*Images made: ${names('generated').join(', ')}*`);
    // One line per page, however often the answer cites it.
    const pages = message.sources.filter(
      (source, n) => message.sources.findIndex((other) => other.url === source.url) === n,
    );
    if (pages.length > 0) {
      lines.push('', 'Sources:', ...pages.map((page) => `- <${page.url}> ${page.title}`.trimEnd()));
    }
    if (message.error) lines.push('', `> ${message.status}: ${message.error.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A file name for a conversation that every system accepts and no two conversations share: the
 * day it started, its title cleaned of characters file systems refuse, and its id.
 */
export function conversationFileName(conversation: ExportedConversation): string {
  const day = conversation.createdAt.slice(0, 10);
  return `${day} ${safeFileName(conversation.title, 60) || 'Untitled'} (${conversation.id})`;
}

/** `text` without the characters file systems refuse, at most `maxChars` long; may be empty. */
export function safeFileName(text: string, maxChars: number): string {
  return text
    .replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxChars)
    .replace(/[. ]+$/, '');
}
