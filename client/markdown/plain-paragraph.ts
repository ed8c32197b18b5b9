// A block of one line that starts with a letter and holds none of the characters Markdown
// (with GitHub's extensions) gives a meaning to in running text: no emphasis, code, links,
// autolinks, entities, escapes, HTML, strikethrough or table cells, and no line break, so
// nothing that could start a list, a heading or a quote.
const plainLine = /^\p{L}[^\\`*_[\]<>&~|#@\n\r\t]*$/u;
// What makes a link of bare text (GitHub's literal autolinks; an email needs `@`, above). A
// colon is prose's too ("Note: …", "10:30"), so only these are kept out.
const literalLink = /www\.|https?:\/\//i;

/**
 * Whether Markdown would render `source` as one paragraph holding exactly its text (without
 * trailing spaces): then the text can be shown as such, with no parse. Answers are mostly
 * such prose: parsing a growing answer's last block again on every token was most of the
 * token's cost on the main thread, and parsing every block of a long one its first paint's.
 */
export function isPlainParagraph(source: string): boolean {
  return plainLine.test(source) && !literalLink.test(source);
}
