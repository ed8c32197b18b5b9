/**
 * A `Content-Disposition` value that is safe for any file name (RFC 6266): `filename` in plain
 * ASCII for old clients, with every quote, backslash, control and non-ASCII character
 * replaced, and `filename*` with the exact name, UTF-8 and percent-encoded (RFC 5987).
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'attachment';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Percent-encodes all but RFC 5987's attr-chars (encodeURIComponent leaves a few more). */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
