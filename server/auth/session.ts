import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../http/app-error.ts';
import type { Auth } from './auth.ts';

/** The signed-in person, as handlers see them. */
export type SessionUser = { id: string; email: string; name: string };
export type AuthedEnv = { Variables: { user: SessionUser } };

/** Rejects requests without a valid session; otherwise puts the user on the context. */
export function requireUser(auth: Auth) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const result = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!result) throw new AppError(ErrorCode.unauthorized, 'Sign in to continue.');
    c.set('user', { id: result.user.id, email: result.user.email, name: result.user.name });
    await next();
  });
}
