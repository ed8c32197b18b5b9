/**
 * A new share token: 16 bytes (128 bits) from the device's random source, base64url without
 * padding, 22 characters. Made on the device, so a link exists at once, offline too; its bits
 * are what keeps a link secret, so they come from `crypto.getRandomValues` and nothing weaker.
 */
export function newShareToken(): string {
  return base64UrlOf(crypto.getRandomValues(new Uint8Array(16)));
}

/** `bytes` as base64url (RFC 4648 §5) without `=` padding. */
export function base64UrlOf(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The address a share link opens: the server renders it for anyone holding the token. */
export function shareUrl(token: string, origin: string = location.origin): string {
  return `${origin}/share/${token}`;
}
