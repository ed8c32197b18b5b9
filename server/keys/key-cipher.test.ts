import { describe, expect, test } from 'vitest';
import { createKeyCipher, KeyUnreadableError } from './key-cipher.ts';

const secret = 'current-secret-current-secret-current-0123';
const older = 'previous-secret-previous-secret-previous-01';
const key = 'sk-or-v1-0123456789abcdef0123456789abcdef';

describe('the key cipher', () => {
  test('a sealed key opens for its owner and holds no trace of the plain key', () => {
    const cipher = createKeyCipher({ secret });
    const sealed = cipher.seal('user-1', key);
    expect(sealed.nonce).toHaveLength(12);
    const raw = Buffer.concat([sealed.nonce, sealed.ciphertext]);
    expect(raw.includes(Buffer.from(key))).toBe(false);
    expect(raw.toString('base64')).not.toContain(Buffer.from(key).toString('base64'));
    expect(cipher.open('user-1', sealed)).toEqual({ plaintext: key, stale: false });
  });

  test('every seal uses a new nonce', () => {
    const cipher = createKeyCipher({ secret });
    const [a, b] = [cipher.seal('user-1', key), cipher.seal('user-1', key)];
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  test("a key copied onto another person's row does not open", () => {
    const cipher = createKeyCipher({ secret });
    expect(() => cipher.open('user-2', cipher.seal('user-1', key))).toThrow(KeyUnreadableError);
  });

  test('a tampered key does not open', () => {
    const cipher = createKeyCipher({ secret });
    const sealed = cipher.seal('user-1', key);
    const ciphertext = Buffer.from(sealed.ciphertext);
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    expect(() => cipher.open('user-1', { ...sealed, ciphertext })).toThrow(KeyUnreadableError);
  });

  test('after a rotation a key sealed under the previous secret opens and is marked stale', () => {
    const before = createKeyCipher({ secret: older }).seal('user-1', key);
    const after = createKeyCipher({ secret, previousSecret: older });
    expect(after.open('user-1', before)).toEqual({ plaintext: key, stale: true });
    expect(after.seal('user-1', key).keyVersion).not.toBe(before.keyVersion);
    expect(() => createKeyCipher({ secret }).open('user-1', before)).toThrow(KeyUnreadableError);
  });
});
