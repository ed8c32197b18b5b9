// A block of one line that starts with a letter and holds none of the characters Markdown
// (with GitHub's extensions) gives a meaning to in running text: no emphasis, code, links,
// autolinks, entities, escapes, HTML, strikethrough or table cells, and no line break, so
// nothing that could start a list, a heading or a quote. `:` is out with the rest: it is
// what makes `https://…` and `mailto:…` links.
const plainLine = /^\p{L}[^\\`*_[\]<>&~|#:@\n\r\t]*$/u;

/**
 * Whether Markdown would render `source` as one paragraph holding exactly its text (without
 * trailing spaces): then the text can be shown as such, with no parse. A growing answer is
 * mostly such prose, and parsing its last block again on every token was most of the
 * token's cost on the main thread.
 */
export function isPlainParagraph(source: string): boolean {
  return plainLine.test(source) && !/www\./i.test(source);
}
