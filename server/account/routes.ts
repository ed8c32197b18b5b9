import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { ErrorCode } from '../../shared/errors.ts';
import { limits } from '../../shared/limits.ts';
import { maxPasswordChars } from '../../shared/password-rules.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { AuthThrottle, Outcome } from '../auth/throttle/auth-throttle.ts';
import { clientAddressResolver } from '../auth/throttle/client-address.ts';
import { AppError } from '../http/app-error.ts';
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
export function accountRoutes(
  deps: DeleteAccountDeps & {
    throttle: Pick<AuthThrottle, 'signIn'>;
    /** Where attachments' bytes are read from for the export. */
    storage: Pick<AttachmentStorage, 'get'>;
    /** Reverse proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXY). */
    trustedProxies: readonly string[];
  },
) {
  const { db, auth, throttle } = deps;
  const resolveAddress = clientAddressResolver(deps.trustedProxies);
  const app = new Hono<AuthedEnv & { Bindings: Partial<HttpBindings> }>();
  app.use('*', requireUser(auth));

  app.get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ hasPassword: (await passwordHashOf(db, c.get('user').id)) !== null });
  });

  app.get('/export', async (c) => {
    const userId = c.get('user').id;
    const conversations = await countConversations(db, userId);
    const day = new Date().toISOString().slice(0, 10);
    const archive = exportArchive(db, deps.storage, userId);
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
    // A wrong password here counts as a failed sign-in, against the same limits: a browser
    // left signed in must not become a way to guess the password.
    const address = resolveAddress(
      c.env?.incoming?.socket.remoteAddress,
      c.req.header('x-forwarded-for') ?? null,
    );
    const attempt = await throttle.signIn(address, user.email);
    if (!attempt.allowed) {
      const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
      const minutes = Math.ceil(seconds / 60);
      c.header('Retry-After', String(seconds));
      throw new AppError(
        ErrorCode.tooManyRequests,
        `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      );
    }
    let outcome: Outcome = 'void';
    try {
      await confirmIdentity(db, auth, user, given);
      outcome = 'succeeded';
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.forbidden) outcome = 'failed';
      throw error;
    } finally {
      await attempt.settle(outcome);
    }
    await deleteAccount(deps, user.id);
    const { authCookies } = await auth.$context;
    // This browser's cookie goes now; the others' sessions are gone and answer 401.
    const { name, attributes } = authCookies.sessionToken;
    deleteCookie(c, name, { path: attributes.path ?? '/', secure: attributes.secure ?? false });
    return c.json({ deleted: true });
  });

  return app;
}
