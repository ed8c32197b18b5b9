import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../http/app-error.ts';
import type { Auth } from './auth.ts';

/** The signed-in person, as handlers see them. */
export type SessionUser = { id: string; email: string; name: string };
/**
 * The signed-in person; the session cookie their request carried (it names the browser); and
 * the token of their session, which a response held open is tied to (`auth.sessions.hold`).
 */
export type AuthedEnv = {
  Variables: { user: SessionUser; sessionCookie: string | undefined; sessionToken: string };
};

/**
 * Rejects requests without a valid session; otherwise puts the user on the context. A session
 * checked lately is taken from `auth.sessions` without asking Better Auth again.
 */
export function requireUser(auth: Auth) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const found = await sessionOf(auth, c);
    c.set('sessionCookie', found.cookie);
    if (!found.session) throw new AppError(ErrorCode.unauthorized, 'Sign in to continue.');
    c.set('user', found.session.user);
    c.set('sessionToken', found.session.token);
    await next();
  });
}

/**
 * The request's session, if its cookie names a valid one: for pages anyone may open that
 * offer more to someone signed in (a shared conversation).
 */
export async function sessionOf(
  auth: Auth,
  c: Context,
): Promise<{ cookie: string | undefined; session?: { user: SessionUser; token: string } }> {
  const { authCookies } = await auth.$context;
  const cookie = getCookie(c, authCookies.sessionToken.name);
  const known = cookie === undefined ? undefined : auth.sessions.get(cookie);
  if (known) return { cookie, session: { user: known.user, token: known.token } };
  const result = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!result) return { cookie };
  const user = { id: result.user.id, email: result.user.email, name: result.user.name };
  // Remembered only under the cookie that names this very session (`token.signature`), so
  // no other value of the header (a second cookie of the same name) can ride on the check.
  if (cookie?.slice(0, cookie.lastIndexOf('.')) === result.session.token) {
    auth.sessions.set(cookie, result.session.token, user, result.session.expiresAt);
  }
  return { cookie, session: { user, token: result.session.token } };
}
