import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';
import { maxPasswordChars } from '../../shared/password-rules.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import { limitBody } from '../http/body-limit.ts';
import { readJson } from '../http/read-json.ts';
import { confirmIdentity, passwordHashOf } from './confirm-identity.ts';
import { type DeleteAccountDeps, deleteAccount } from './delete-account.ts';
import { exportArchive } from './export-archive.ts';
import { countConversations } from './export-rows.ts';

const DeleteBody = z.object({
  password: z.string().max(maxPasswordChars).optional(),
  email: z.string().max(limits.emailChars).optional(),
});

/**
 * `/api/account`: what the Settings page's Account section does beyond Better Auth's own
 * endpoints (changing the password, revoking other sessions). `GET /` says how the person
 * confirms who they are; `GET /export` streams their data as a zip; `DELETE /` deletes them.
 */
export function accountRoutes(deps: DeleteAccountDeps) {
  const { db, auth } = deps;
  const app = new Hono<AuthedEnv>();
  app.use('*', requireUser(auth));

  app.get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ hasPassword: (await passwordHashOf(db, c.get('user').id)) !== null });
  });

  app.get('/export', async (c) => {
    const userId = c.get('user').id;
    const conversations = await countConversations(db, userId);
    const day = new Date().toISOString().slice(0, 10);
    const archive = exportArchive(db, userId);
    // Pulled as the connection drains: one conversation is in memory at a time.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await archive.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await archive.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="parley-export-${day}.zip"`,
        'Cache-Control': 'no-store',
        // For the page's progress: how many conversations the archive will hold.
        'X-Export-Conversations': String(conversations),
      },
    });
  });

  app.delete('/', limitBody(4 * 1024), async (c) => {
    const given = await readJson(c, DeleteBody);
    const user = c.get('user');
    await confirmIdentity(db, auth, user, given);
    await deleteAccount(deps, user.id);
    const { authCookies } = await auth.$context;
    // This browser's cookie goes now; the others' sessions are gone and answer 401.
    const { name, attributes } = authCookies.sessionToken;
    deleteCookie(c, name, { path: attributes.path ?? '/', secure: attributes.secure ?? false });
    return c.json({ deleted: true });
  });

  return app;
}
