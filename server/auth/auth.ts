import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { createAuthMiddleware } from 'better-auth/api';
import { minPasswordChars } from '../../shared/password-rules.ts';
import type { Config } from '../config/config.ts';
import { account, session, user, verification } from '../db/auth-schema.ts';
import type { Database } from '../db/database.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createLiveSessions } from './live-sessions.ts';
import { checkPasswordRules } from './password-rules.ts';
import { boundProfile, checkProfileFields } from './profile-fields.ts';
import { clientAddressHeader } from './throttle/client-address.ts';

export type AuthOptions = {
  db: Database;
  config: Pick<Config, 'authSecret' | 'github' | 'google' | 'env'>;
  /** Where the app is served from; cookies, redirects and the Origin check follow it. */
  baseUrl: string;
  /** Further origins allowed to call the auth endpoints (the Vite dev server, loopback aliases). */
  extraTrustedOrigins?: string[] | undefined;
  /** Where a deleted session is announced, so that every server process forgets it. */
  pubsub: PubSub;
};

/** The channel on which deleted sessions' tokens are announced. */
export const deletedSessionsChannel = 'auth:deleted-sessions';

/**
 * Better Auth with email + password, and GitHub / Google when their credentials are configured;
 * with `sessions`, the sessions in use and the streams they hold (see live-sessions.ts).
 */
export function createAuth({ db, config, baseUrl, extraTrustedOrigins = [], pubsub }: AuthOptions) {
  const sessions = createLiveSessions(db);
  const auth = betterAuth({
    baseURL: baseUrl,
    basePath: '/api/auth',
    secret: config.authSecret,
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user, session, account, verification },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: minPasswordChars,
      // Creating an account does not sign in: the client signs in next. So a sign-up answers
      // the same (200, a user, no session) whether or not the address already has an account,
      // and tells nobody which addresses do. Better Auth's own protection, on when this is off.
      autoSignIn: false,
    },
    // Better Auth's limiter keeps one bucket per address and path, and without a trusted
    // address one for everybody; sign-in and sign-up are limited per account and per client
    // address in front of it instead (throttle/, routes.ts).
    rateLimit: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        checkProfileFields(ctx);
        checkPasswordRules(ctx);
      }),
    },
    socialProviders: {
      ...(config.github && { github: config.github }),
      ...(config.google && { google: config.google }),
    },
    trustedOrigins: [baseUrl, ...extraTrustedOrigins],
    // Cookies are httpOnly and SameSite=Lax by default; Secure follows an https base URL.
    advanced: {
      useSecureCookies: baseUrl.startsWith('https://'),
      // Better Auth turns these checks off under a test runner; we test what ships.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      // Set by routes.ts from the connection (or a trusted proxy) on every request it passes
      // on, so a session records where it was really made, not what a client claimed.
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      user: {
        create: { before: async (created) => boundProfile(created) },
        update: { before: async (changed) => boundProfile(changed) },
      },
      session: {
        // Signing out and each revoked session (`revoke-other-sessions` deletes them one by one).
        delete: { after: async (deleted) => announceEnded(deleted.token) },
      },
    },
  });
  /**
   * Ends a deleted session here and in every other process (start-server.ts listens): it is
   * refused from then on and its open streams end. A lost announcement leaves it trusted
   * there for a few seconds (see live-sessions.ts).
   */
  async function announceEnded(token: string): Promise<void> {
    sessions.forget(token);
    await pubsub.publish(deletedSessionsChannel, token).catch(() => {});
  }
  return Object.assign(auth, {
    sessions,
    /** Announces sessions deleted without Better Auth (a deleted account's), as its hook does. */
    endSessions: (tokens: readonly string[]) => Promise.all(tokens.map(announceEnded)),
  });
}

export type Auth = ReturnType<typeof createAuth>;
