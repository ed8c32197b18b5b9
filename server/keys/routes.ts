import { Hono } from 'hono';
import { z } from 'zod';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { Database } from '../db/database.ts';
import { limitBody } from '../http/body-limit.ts';
import { readJson } from '../http/read-json.ts';
import type { KeyCipher } from './key-cipher.ts';
import { openRouterKeySummary, removeOpenRouterKey, saveOpenRouterKey } from './key-store.ts';

export type KeyDeps = {
  db: Database;
  auth: Auth;
  cipher: KeyCipher;
  /** Resolves when OpenRouter accepts the key; throws an AppError saying why when not. */
  checkKey: (key: string) => Promise<void>;
};

// A key is one token of printable characters; OpenRouter's are about 70 long.
const SaveKey = z.object({
  key: z
    .string()
    .trim()
    .min(8, 'That is too short to be an API key.')
    .max(512, 'That is too long to be an API key.')
    .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters.'),
});

/**
 * `GET /api/keys`, `PUT` and `DELETE /api/keys/openrouter`: the signed-in person's own key.
 * A key goes in and never comes out: every answer carries at most its last four characters.
 */
export function keyRoutes({ db, auth, cipher, checkKey }: KeyDeps) {
  const app = new Hono<AuthedEnv>();
  app.use('*', requireUser(auth));

  app.get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ openrouter: await openRouterKeySummary(db, c.get('user').id) });
  });

  app.put('/openrouter', limitBody(4 * 1024), async (c) => {
    const { key } = await readJson(c, SaveKey);
    // Checked first: a key OpenRouter refuses is never stored.
    await checkKey(key);
    c.header('Cache-Control', 'no-store');
    return c.json({ openrouter: await saveOpenRouterKey(db, cipher, c.get('user').id, key) });
  });

  app.delete('/openrouter', async (c) => {
    await removeOpenRouterKey(db, c.get('user').id);
    return c.json({ openrouter: null });
  });

  return app;
}
