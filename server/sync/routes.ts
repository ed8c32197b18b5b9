import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';
import { RecentMap } from '../../shared/recent-map.ts';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { Database } from '../db/database.ts';
import { limitBody } from '../http/body-limit.ts';
import { parseInput, readJson } from '../http/read-json.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { Effect } from './mutators.ts';
import { pokeUser } from './poke.ts';
import { createPokeHub } from './poke-hub.ts';
import { PullRequestV1, PushRequestV1 } from './protocol.ts';
import { processPull, readPatches } from './pull.ts';
import { processPush } from './push.ts';

export type SyncDeps = {
  db: Database;
  auth: Auth;
  pubsub: PubSub;
  /** Runs the side effects of committed mutations (inference runs). Must not throw. */
  runEffects: (userId: string, effects: Effect[]) => void;
  /** Milliseconds between SSE heartbeats. */
  heartbeatMs?: number | undefined;
};

/** How many browsers' client groups a process keeps (the least recently seen go first). */
const maxSessionsRemembered = 10_000;

const AnyVersion = z.looseObject({ pushVersion: z.unknown(), pullVersion: z.unknown() }).partial();

/** Replicache push, pull, and the poke stream, all for the signed-in user only. */
export function syncRoutes({ db, auth, pubsub, runEffects, heartbeatMs = 15_000 }: SyncDeps) {
  const app = new Hono<AuthedEnv & { Bindings: HttpBindings }>();
  app.use('*', requireUser(auth));
  // A change the devices are exactly one step behind is sent to them as a pull would answer.
  const patchesFrom = (userId: string, groupIds: readonly string[], from: number) =>
    readPatches(db, userId, groupIds, from);
  const pokes = createPokeHub(pubsub, heartbeatMs, patchesFrom);
  // A browser profile (one session) holds one client group per user: learnt from its pulls
  // and pushes in this process, so its poke streams can be sent patches.
  const groupOfSession = new RecentMap<string, string>(maxSessionsRemembered);
  const learnGroup = (session: string | undefined, group: string) => {
    if (session !== undefined) groupOfSession.set(session, group);
  };

  app.post('/push', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pushVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'push' });
    const push = parseInput(PushRequestV1, raw);
    const user = c.get('user');
    learnGroup(c.get('sessionCookie'), push.clientGroupID);
    const result = await processPush(db, user.id, push);
    // Committed: from here nothing may fail the push. A poke is a hint (a device that misses
    // one pulls later), so it is neither awaited nor allowed to throw.
    if (result.changed) {
      pokeUser(pubsub, user.id, result.from).catch((error: unknown) =>
        console.warn('[sync] a poke after a push did not go out:', String(error)),
      );
    }
    runEffects(user.id, result.effects);
    return c.json({});
  });

  app.post('/pull', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pullVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'pull' });
    const pull = parseInput(PullRequestV1, raw);
    learnGroup(c.get('sessionCookie'), pull.clientGroupID);
    return c.json(await processPull(db, c.get('user').id, pull));
  });

  app.get('/poke', (c) => {
    // A tab that understands patches (`?patches=1`; an older version of the app does not)
    // is sent them once its browser's client group is known from its pulls and pushes here.
    const session = c.req.query('patches') === '1' ? c.get('sessionCookie') : undefined;
    const response = c.env.outgoing;
    pokes.attach(c.get('user').id, response, () =>
      session === undefined ? undefined : groupOfSession.get(session),
    );
    // Ended (and so sent nothing more) once the session is: signed out, revoked, expired.
    auth.sessions.hold(c.get('sessionToken'), response);
    return RESPONSE_ALREADY_SENT;
  });

  return app;
}
