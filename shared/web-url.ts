/**
 * `raw` as the URL parser writes it, if it is an http(s) address; null otherwise. Anything a
 * model or a page names as a link passes here first: `javascript:`, `data:` and the like never
 * become an `href`, and the written form has no spaces, quotes or angle brackets.
 *
 * @example webUrl('https://Example.com/a b') // 'https://example.com/a%20b'
 */
export function webUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // Credentials in a link are a phishing trick (`https://bank.com@evil.example`), never a source.
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** The host a person recognises a source by, without `www.`. */
export function webHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
