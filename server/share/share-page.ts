import type { MessageRole, MessageSource, MessageStatus } from '../../shared/entities.ts';
import { escapeHtml, markdownHtml } from './markdown-html.ts';
import { shareAssets } from './share-assets.ts';

/** A message as a shared page shows it. */
export type SharedMessage = {
  id: string;
  role: MessageRole;
  status: MessageStatus;
  content: string;
  reasoning: string;
  sources: MessageSource[];
};

/** A file of a shared message, served through the share's own address. */
export type SharedFile = { id: string; messageId: string; name: string; mediaType: string };

/** Who is looking: a stranger, or someone signed in who may take the conversation on. */
export type Viewer = { signedIn: false } | { signedIn: true };

const descriptionChars = 200;

/**
 * The whole page of a shared conversation, readable with no script: its title, its messages
 * as the app's `<article>`s (answers' Markdown rendered here, everything else escaped), and,
 * for someone signed in, the form that continues it in their own account. Nothing on it names
 * the conversation's owner or any conversation of theirs.
 */
export function sharePage(input: {
  token: string;
  title: string;
  messages: readonly SharedMessage[];
  files: readonly SharedFile[];
  viewer: Viewer;
}): string {
  const { token, messages, viewer } = input;
  const title = input.title.trim() || 'Shared conversation';
  const description = plainText(messages[0]?.content ?? '').slice(0, descriptionChars);
  const filesOf = new Map<string, SharedFile[]>();
  for (const file of input.files) {
    filesOf.set(file.messageId, [...(filesOf.get(file.messageId) ?? []), file]);
  }
  const fileBase = `/api/shares/${encodeURIComponent(token)}/attachments/`;
  const articles = messages.map((m) => article(m, filesOf.get(m.id) ?? [], fileBase)).join('');
  const continueForm = viewer.signedIn
    ? `<form class="share-continue" method="post" action="/api/shares/${encodeURIComponent(token)}/continue"><button type="submit">Continue this chat</button></form>`
    : '<p class="share-continue"><a class="button" href="/login">Sign in to continue</a></p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(description)}">
<meta property="og:title" content="${escapeHtml(title)}">
<meta property="og:description" content="${escapeHtml(description)}">
<meta property="og:type" content="article">
<link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png">
<link rel="stylesheet" href="${shareAssets.style.path}">
<script src="${shareAssets.script.path}" defer></script>
</head><body><main class="share">
<header class="share-header"><h1>${escapeHtml(title)}</h1><p class="share-note">A shared conversation from Parley, read-only.</p></header>
${articles}
${continueForm}
</main></body></html>`;
}

/** The one page every token that opens nothing gets: unknown, stopped and expired alike. */
export function missingSharePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Link not found</title>
<link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png">
<link rel="stylesheet" href="${shareAssets.style.path}">
</head><body><main class="share">
<h1>This link opens nothing</h1>
<p>The conversation may have stopped being shared, or the link may have expired or been mistyped.</p>
<p><a href="/">Go to Parley</a></p>
</main></body></html>`;
}

function article(message: SharedMessage, files: readonly SharedFile[], fileBase: string): string {
  const reasoning = message.reasoning
    ? `<details><summary>Reasoning</summary>${markdownHtml(message.reasoning)}</details>`
    : '';
  const body = message.content
    ? `<div class="message-content message-content--${message.role}">${
        message.role === 'assistant' ? markdownHtml(message.content) : escapeHtml(message.content)
      }</div>`
    : '';
  const sources =
    message.sources.length > 0
      ? `<nav class="sources" aria-label="Sources"><ol>${message.sources
          .map(
            (s) =>
              `<li><a href="${escapeHtml(s.url)}" rel="nofollow ugc noopener noreferrer">${escapeHtml(s.title || s.url)}</a></li>`,
          )
          .join('')}</ol></nav>`
      : '';
  const attached = files.length > 0 ? attachments(files, fileBase) : '';
  return `<article class="message message--${message.role}" data-message-id="${escapeHtml(message.id)}" data-role="${message.role}" data-status="${message.status}">${reasoning}${
    message.role === 'user' ? attached : ''
  }${body}${message.role === 'assistant' ? attached : ''}${sources}</article>\n`;
}

function attachments(files: readonly SharedFile[], fileBase: string): string {
  const items = files.map((file) => {
    const url = `${fileBase}${encodeURIComponent(file.id)}`;
    const name = escapeHtml(file.name);
    return file.mediaType.startsWith('image/')
      ? `<img src="${url}" alt="${name}" loading="lazy">`
      : `<a href="${url}">${name}</a>`;
  });
  return `<div class="message-attachments">${items.join('')}</div>`;
}

/** A message's words with the Markdown marks left out, on one line: for a description. */
function plainText(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^\s*>+/gm, ' ')
    .replace(/[#*_`~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
