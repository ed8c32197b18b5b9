import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ErrorCode } from '../../shared/errors.ts';
import { limits } from '../../shared/limits.ts';
import { AppError, badRequest } from '../http/app-error.ts';
import { limitBody } from '../http/body-limit.ts';
import type { RefusalKind } from '../observability/metrics.ts';
import { processLog } from '../observability/process-log.ts';
import type { Auth } from './auth.ts';
import type { Attempt, AuthThrottle, Outcome } from './throttle/auth-throttle.ts';
import { clientAddressHeader, clientAddressResolver } from './throttle/client-address.ts';

export type AuthRoutesOptions = {
  auth: Auth;
  throttle: AuthThrottle;
  /** Reverse proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXY). */
  trustedProxies: readonly string[];
  /** Told of every attempt a limit refused (metrics). */
  onRefused?: ((kind: RefusalKind) => void) | undefined;
};

const SignInBody = z.object({ email: z.string() });

/**
 * Better Auth's endpoints behind a bounded body, with sign-in and sign-up limited per
 * account and per client address, and a change of password counted as a sign-in: a browser
 * left signed in must not become a way to guess the password. Every request reaches Better Auth carrying the client's
 * address as resolved here. Mounted at `/api/auth`.
 */
export function authRoutes({ auth, throttle, trustedProxies, onRefused }: AuthRoutesOptions) {
  const resolveAddress = clientAddressResolver(trustedProxies);
  const signInPath = `${auth.options.basePath}/sign-in/email`;
  const signUpPath = `${auth.options.basePath}/sign-up/email`;
  const changePasswordPath = `${auth.options.basePath}/change-password`;
  let warnedOfProxy = false;

  const app = new Hono<{ Bindings: Partial<HttpBindings> }>();
  app.use(limitBody(limits.authBodyBytes));
  app.on(['GET', 'POST'], '*', async (c) => {
    const forwardedFor = c.req.header('x-forwarded-for') ?? null;
    if (forwardedFor !== null && trustedProxies.length === 0 && !warnedOfProxy) {
      warnedOfProxy = true;
      processLog.warn('auth.forwarded_for_ignored', {
        hint: 'behind a reverse proxy, set TRUSTED_PROXY, or every client counts as its one address',
      });
    }
    const address = resolveAddress(c.env?.incoming?.socket.remoteAddress, forwardedFor);
    // Decided on the very path Better Auth routes by, so no other spelling slips past.
    const path = c.req.method === 'POST' ? new URL(c.req.url).pathname : '';
    if (path === changePasswordPath) {
      const session = await auth.api.getSession({ headers: c.req.raw.headers });
      // Signed out: Better Auth answers 401, and there is no account to count against.
      if (!session) return auth.handler(withAddress(c.req.raw, address));
      const attempt = await throttle.signIn(address, session.user.email);
      if (!attempt.allowed) {
        onRefused?.('change_password');
        refuse(c, attempt.retryAfterMs);
      }
      return settled(attempt, () => auth.handler(withAddress(c.req.raw, address)), {
        failed: isWrongCurrentPassword,
      });
    }
    if (path !== signInPath && path !== signUpPath) {
      return auth.handler(withAddress(c.req.raw, address));
    }
    const body = await readJsonText(c);
    const attempt =
      path === signInPath
        ? await throttle.signIn(address, emailIn(body))
        : await throttle.signUp(address);
    if (!attempt.allowed) {
      onRefused?.(path === signInPath ? 'sign_in' : 'sign_up');
      refuse(c, attempt.retryAfterMs);
    }
    return settled(attempt, () => auth.handler(withAddress(c.req.raw, address, body)));
  });
  return app;
}

/**
 * Runs the attempt and settles it by its answer: 200 succeeded, a wrong password (a sign-in's
 * 401, unless `failed` says otherwise) failed, anything else counts for nothing.
 */
async function settled(
  attempt: Attempt & { allowed: true },
  run: () => Promise<Response>,
  { failed = async (response: Response) => response.status === 401 } = {},
) {
  let outcome: Outcome = 'void';
  try {
    const response = await run();
    if (response.status === 200) outcome = 'succeeded';
    else if (await failed(response)) outcome = 'failed';
    return response;
  } finally {
    await attempt.settle(outcome);
  }
}

/** Better Auth's answer to a change of password whose current password is wrong: a 400. */
async function isWrongCurrentPassword(response: Response): Promise<boolean> {
  if (response.status !== 400) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null;
  return body?.code === 'INVALID_PASSWORD';
}

function refuse(c: Context, retryAfterMs: number): never {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  c.header('Retry-After', String(seconds));
  throw new AppError(
    ErrorCode.tooManyRequests,
    `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}

/**
 * The body of a sign-in or sign-up, as text. JSON only: it is read here to find the account,
 * and Better Auth must read the very same thing (it would also take a form).
 */
async function readJsonText(c: Context): Promise<string> {
  const type = (c.req.header('content-type') ?? '').toLowerCase().split(';')[0]?.trim();
  if (type !== 'application/json') throw badRequest('Send this as application/json.');
  return c.req.text();
}

function emailIn(body: string): string | undefined {
  try {
    const parsed = SignInBody.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.email : undefined;
  } catch {
    // Not JSON: Better Auth answers 400, and nothing was guessed.
    return undefined;
  }
}

/** The request as Better Auth gets it: with the client's address, and `body` if read here. */
function withAddress(request: Request, address: string | undefined, body?: string): Request {
  const headers = new Headers(request.headers);
  headers.delete(clientAddressHeader);
  if (address) headers.set(clientAddressHeader, address);
  if (body === undefined) return new Request(request, { headers });
  headers.delete('content-length');
  return new Request(request.url, { method: request.method, headers, body });
}
