import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';
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
import { processPull } from './pull.ts';
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

const AnyVersion = z.looseObject({ pushVersion: z.unknown(), pullVersion: z.unknown() }).partial();

/** Replicache push, pull, and the poke stream, all for the signed-in user only. */
export function syncRoutes({ db, auth, pubsub, runEffects, heartbeatMs = 15_000 }: SyncDeps) {
  const app = new Hono<AuthedEnv & { Bindings: HttpBindings }>();
  app.use('*', requireUser(auth));
  const pokes = createPokeHub(pubsub, heartbeatMs);

  app.post('/push', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pushVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'push' });
    const push = parseInput(PushRequestV1, raw);
    const user = c.get('user');
    const result = await processPush(db, user.id, push);
    if (result.changed) await pokeUser(pubsub, user.id);
    runEffects(user.id, result.effects);
    return c.json({});
  });

  app.post('/pull', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pullVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'pull' });
    const pull = parseInput(PullRequestV1, raw);
    return c.json(await processPull(db, c.get('user').id, pull));
  });

  app.get('/poke', (c) => {
    pokes.attach(c.get('user').id, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });

  return app;
}
