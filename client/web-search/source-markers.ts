import type { MessageSource } from '../../shared/entities.ts';
import { citedSources } from './cited-sources.ts';

/**
 * The title that marks a link in an answer's Markdown as a citation marker (the Markdown view
 * shows it as a superscript number). A model writing this title itself gets the same look.
 */
export const sourceMarkerTitle = 'parley:source';

/**
 * The answer's Markdown with a marker (`[n]`, a link to source n) after each cited span the
 * provider placed. A provider's offsets may not match the text (another count of characters,
 * a text cut short), and Markdown has places a link would break (code, a link, an address):
 * a marker goes only where it is sure to read as one, and is otherwise left out; the list of
 * sources under the answer shows every source either way.
 */
export function withSourceMarkers(text: string, sources: readonly MessageSource[]): string {
  const numbers = new Map(citedSources(sources).map((source) => [source.url, source.number]));
  const markers = new Map<number, Set<number>>();
  for (const source of sources) {
    const number = numbers.get(source.url);
    if (number === undefined || source.start === undefined || source.end === undefined) continue;
    if (source.start >= source.end || source.end > text.length) continue;
    // The model linked the page in the span already: a marker would say it twice.
    if (text.slice(source.start, source.end).includes(source.url)) continue;
    const at = markerPlace(text, source.start, source.end);
    if (at === null) continue;
    const here = markers.get(at) ?? new Set();
    here.add(number);
    markers.set(at, here);
  }
  if (markers.size === 0) return text;
  const urls = new Map([...numbers].map(([url, number]) => [number, url]));
  let marked = '';
  let from = 0;
  for (const at of [...markers.keys()].sort((a, b) => a - b)) {
    const links = [...(markers.get(at) ?? [])]
      .sort((a, b) => a - b)
      .map((number) => `[${number}](<${urls.get(number)}> "${sourceMarkerTitle}")`);
    marked += text.slice(from, at) + links.join('');
    from = at;
  }
  return marked + text.slice(from);
}

const wordCharacter = /[\p{L}\p{N}_]/u;
const fence = /^ {0,3}(```|~~~)/;

/**
 * Where a marker for the span [start, end) can go: after its last visible character, if that is
 * plain prose. Null when it is not: inside code, a link or an address, in the middle of a word
 * or of a surrogate pair, after a character that would change what the marker means, or on a
 * definition line.
 */
function markerPlace(text: string, start: number, end: number): number | null {
  let at = end;
  while (at > start && /\s/.test(text[at - 1] ?? '')) at--;
  if (at === start) return null;
  const before = text.charCodeAt(at - 1);
  if (before >= 0xd800 && before <= 0xdbff) return null;
  // After `\` the marker's bracket would be escaped; after `!` it would become an image (one
  // that loads the page's address); after `]` a reference link.
  if (/[\\!\]]/.test(text[at - 1] ?? '')) return null;
  if (wordCharacter.test(text[at] ?? '')) return null;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(lineStart, at);
  // Indented code, a link reference definition, a fenced block: not prose.
  if (/^( {4}|\t)/.test(line) || /^ {0,3}\[[^\]]*\]:/.test(text.slice(lineStart))) return null;
  const fencesBefore = text
    .slice(0, lineStart)
    .split('\n')
    .filter((l) => fence.test(l)).length;
  if (fencesBefore % 2 === 1 || fence.test(line)) return null;
  // Inline code, or inside a link's text or address.
  if (count(line, '`') % 2 === 1) return null;
  if (count(line, '[') > count(line, ']')) return null;
  const destination = line.lastIndexOf('](');
  if (destination !== -1 && !line.slice(destination).includes(')')) return null;
  if (count(line, '<') > count(line, '>')) return null;
  // An address written out: a link right after it would become part of it.
  const word = line.slice(line.search(/\S+$/));
  if (/:\/\/|www\.|@/.test(word)) return null;
  return at;
}

const count = (text: string, character: string) => text.split(character).length - 1;
