import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A key as it rests in the `api_key` table. */
export type SealedKey = { nonce: Uint8Array; ciphertext: Uint8Array; keyVersion: string };

/** Raised when a stored key was sealed under a secret this server no longer has. */
export class KeyUnreadableError extends Error {
  override name = 'KeyUnreadableError';
}

export type KeyCipher = {
  /** Encrypts `plaintext` for `userId` under the current secret, with a fresh nonce. */
  seal(userId: string, plaintext: string): SealedKey;
  /**
   * Decrypts a stored key. `stale` says it was sealed under the previous secret and should be
   * sealed again. Throws {@link KeyUnreadableError} when neither secret opens it.
   */
  open(userId: string, sealed: SealedKey): { plaintext: string; stale: boolean };
};

const salt = Buffer.from('parley:api-key');
const nonceBytes = 12;
const tagBytes = 16;

/**
 * AES-256-GCM with a key per person, derived (HKDF-SHA256) from `KEY_ENCRYPTION_SECRET` and
 * their user id, and the user id again as additional data: a row copied onto another person
 * does not open. `previousSecret` (`KEY_ENCRYPTION_SECRET_PREVIOUS`) still opens keys sealed
 * before a rotation.
 *
 * @example
 * const cipher = createKeyCipher({ secret: config.keyEncryptionSecret });
 * const { plaintext } = cipher.open(userId, cipher.seal(userId, 'sk-or-…'));
 */
export function createKeyCipher(options: {
  secret: string;
  previousSecret?: string | undefined;
}): KeyCipher {
  const current = { secret: options.secret, version: versionOf(options.secret) };
  const previous =
    options.previousSecret === undefined || options.previousSecret === options.secret
      ? undefined
      : { secret: options.previousSecret, version: versionOf(options.previousSecret) };

  return {
    seal(userId, plaintext) {
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', userKey(current.secret, userId), nonce);
      cipher.setAAD(Buffer.from(userId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        nonce,
        ciphertext: Buffer.concat([body, cipher.getAuthTag()]),
        keyVersion: current.version,
      };
    },
    open(userId, sealed) {
      const under = [current, previous].find((s) => s?.version === sealed.keyVersion);
      if (!under) throw new KeyUnreadableError('the key was sealed under an unknown secret');
      const data = Buffer.from(sealed.ciphertext);
      const decipher = createDecipheriv(
        'aes-256-gcm',
        userKey(under.secret, userId),
        Buffer.from(sealed.nonce),
      );
      decipher.setAAD(Buffer.from(userId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - tagBytes));
      try {
        const plaintext = Buffer.concat([
          decipher.update(data.subarray(0, data.length - tagBytes)),
          decipher.final(),
        ]).toString('utf8');
        return { plaintext, stale: under !== current };
      } catch {
        throw new KeyUnreadableError('the stored key does not authenticate');
      }
    },
  };
}

function userKey(secret: string, userId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, `user:${userId}`, 32));
}

/** Names a secret without revealing it: a short value derived from it on a separate HKDF branch. */
function versionOf(secret: string): string {
  return Buffer.from(hkdfSync('sha256', secret, salt, 'key-version', 9)).toString('base64url');
}
