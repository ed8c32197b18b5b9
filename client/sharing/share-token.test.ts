import { describe, expect, test } from 'vitest';
import { ShareToken } from '../../shared/entities.ts';
import { base64UrlOf, newShareToken, shareUrl } from './share-token.ts';

describe('share tokens', () => {
  test('are 22 base64url characters with no padding, as the contract requires', () => {
    for (let i = 0; i < 200; i++) {
      const token = newShareToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ShareToken.safeParse(token).success).toBe(true);
    }
  });

  test('carry 16 random bytes: no two are alike', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newShareToken));
    expect(tokens.size).toBe(1000);
  });

  test('encode bytes the way base64url does, + and / replaced, padding dropped', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, ...new Array(13).fill(0)]);
    expect(base64UrlOf(bytes)).toBe('-_-_AAAAAAAAAAAAAAAAAA');
    const decoded = atob(base64UrlOf(bytes).replace(/-/g, '+').replace(/_/g, '/'));
    expect(Uint8Array.from(decoded, (char) => char.charCodeAt(0))).toEqual(bytes);
    expect(base64UrlOf(Uint8Array.from([1]))).toBe('AQ');
  });

  test('open at /share/<token> on the app’s own origin', () => {
    expect(shareUrl('abc', 'https://parley.example')).toBe('https://parley.example/share/abc');
  });
});
