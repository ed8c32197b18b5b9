import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { Database } from '../db/database.ts';
import { limitBody } from '../http/body-limit.ts';
import { parseInput, readJson } from '../http/read-json.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { Effect } from './mutators.ts';
import { pokeChannel, pokeUser } from './poke.ts';
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
  const app = new Hono<AuthedEnv>();
  app.use('*', requireUser(auth));

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
    const userId = c.get('user').id;
    // Proxies must not buffer an event stream.
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      const unsubscribe = await pubsub.subscribe(pokeChannel(userId), () => {
        // An EventSource drops events with empty data, hence a token payload.
        void stream.writeSSE({ event: 'poke', data: 'poke' });
      });
      await stream.write(': connected\n\n');
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), heartbeatMs);
      await closed;
      clearInterval(heartbeat);
      await unsubscribe();
    });
  });

  return app;
}
