import MarkdownIt from 'markdown-it';

/**
 * GitHub-flavoured enough for answers: tables, strikethrough, bare URLs as links, fenced code
 * as `<pre><code class="language-x">`. HTML written in the Markdown is escaped, never passed
 * through (`html: false`), and links to a dangerous protocol (`javascript:`) stay text.
 * markdown-it rather than the app's react-markdown: a page of two hundred answers renders in
 * a few milliseconds instead of a few hundred.
 */
const markdown = new MarkdownIt({ html: false, linkify: true });

// Links in a shared page point away from it: no referrer, no ranking credit, no opener.
const renderLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]?.attrSet('rel', 'nofollow ugc noopener noreferrer');
  return renderLinkOpen(tokens, index, options, env, self);
};

/** Answers rendered lately, by their text: a shared page is opened again and again unchanged. */
const rendered = new Map<string, string>();
const renderedLimit = 2000;

/**
 * An answer's Markdown as HTML.
 *
 * @example markdownHtml('**hi** <b>') // '<p><strong>hi</strong> &lt;b&gt;</p>\n'
 */
export function markdownHtml(text: string): string {
  const known = rendered.get(text);
  if (known !== undefined) {
    // Most recently used last: the first key is the one to forget.
    rendered.delete(text);
    rendered.set(text, known);
    return known;
  }
  const html = markdown.render(text);
  rendered.set(text, html);
  if (rendered.size > renderedLimit) {
    const oldest = rendered.keys().next();
    if (!oldest.done) rendered.delete(oldest.value);
  }
  return html;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML, as an element's text or a quoted attribute's value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}
