import type { MessageSource } from '../../shared/entities.ts';
import { webHost, webUrl } from '../../shared/web-url.ts';

/** A page an answer cites, once however often it is cited, numbered as the reader sees it. */
export type CitedSource = { number: number; url: string; title: string; host: string };

/**
 * An answer's sources as its list shows them: one per page, in the order first cited,
 * numbered from 1, with the first title any citation gave. An address that is not http(s)
 * is left out here too: the row was checked by the server, but a link is only made of what
 * this side has checked as well.
 */
export function citedSources(sources: readonly MessageSource[]): CitedSource[] {
  const byUrl = new Map<string, CitedSource>();
  for (const source of sources) {
    const url = webUrl(source.url);
    if (url === null) continue;
    const known = byUrl.get(url);
    if (known) {
      if (known.title === '') known.title = source.title;
      continue;
    }
    byUrl.set(url, { number: byUrl.size + 1, url, title: source.title, host: webHost(url) });
  }
  return [...byUrl.values()];
}
