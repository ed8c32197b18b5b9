import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { limits } from '../../shared/limits.ts';
import type { AttachmentStorage } from '../attachments/storage.ts';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import type { Database } from '../db/database.ts';
import { transact } from '../db/transact.ts';
import { limitBody } from '../http/body-limit.ts';
import { openEventStream } from '../http/event-stream.ts';
import { loggableError } from '../http/loggable-error.ts';
import { parseInput, readJson } from '../http/read-json.ts';
import type { Logger } from '../observability/log.ts';
import { countWhileOpen, type Metrics, secondsSince } from '../observability/metrics.ts';
import type { RequestLogEnv } from '../observability/request-log.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { ensureClientGroup } from './client-groups.ts';
import type { Effect } from './mutators.ts';
import { pokeUser } from './poke.ts';
import { createPokeHub, pokeStreamOpening } from './poke-hub.ts';
import { ClientGroupId, PullRequestV1, PushRequestV1 } from './protocol.ts';
import { processPull, readPatches } from './pull.ts';
import { processPush } from './push.ts';

export type SyncDeps = {
  db: Database;
  auth: Auth;
  pubsub: PubSub;
  /** Where attachments' bytes are: a branch copies those of the messages it copies. */
  storage: AttachmentStorage;
  /** Runs the side effects of committed mutations (inference runs). Must not throw. */
  runEffects: (userId: string, effects: Effect[]) => void;
  /** Milliseconds between SSE heartbeats. */
  heartbeatMs?: number | undefined;
  /** Push and pull durations, open poke streams. */
  metrics: Pick<Metrics, 'pushDuration' | 'pullDuration' | 'openStreams' | 'streamClosed'>;
  log: Logger;
};

const AnyVersion = z.looseObject({ pushVersion: z.unknown(), pullVersion: z.unknown() }).partial();

/** A poke stream's query: whether it takes patches, and for which client group. */
const PokeQuery = z.object({ patches: z.string().optional(), group: ClientGroupId.optional() });

/** Replicache push, pull, and the poke stream, all for the signed-in user only. */
export function syncRoutes({
  db,
  auth,
  pubsub,
  storage,
  runEffects,
  heartbeatMs = 15_000,
  metrics,
  log,
}: SyncDeps) {
  const app = new Hono<AuthedEnv & RequestLogEnv & { Bindings: HttpBindings }>();
  app.use('*', requireUser(auth));
  // A change the devices are exactly one step behind is sent to them as a pull would answer.
  const patchesFrom = (userId: string, groupIds: readonly string[], from: number) =>
    readPatches(db, userId, groupIds, from);
  const pokes = createPokeHub(pubsub, heartbeatMs, patchesFrom);

  app.post('/push', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pushVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'push' });
    const push = parseInput(PushRequestV1, raw);
    const user = c.get('user');
    const started = performance.now();
    const result = await processPush(db, storage, user.id, push);
    metrics.pushDuration.observe(secondsSince(started));
    // Committed: from here nothing may fail the push. A poke is a hint (a device that misses
    // one pulls later), so it is neither awaited nor allowed to throw.
    if (result.changed) {
      const requestId = c.get('requestId');
      pokeUser(pubsub, user.id, result.from).catch((error: unknown) =>
        log.warn('poke after push failed', { requestId, error: loggableError(error) }),
      );
    }
    runEffects(user.id, result.effects);
    return c.json({});
  });

  app.post('/pull', limitBody(limits.syncBodyBytes), async (c) => {
    const raw = await readJson(c, AnyVersion);
    if (raw.pullVersion !== 1) return c.json({ error: 'VersionNotSupported', versionType: 'pull' });
    const pull = parseInput(PullRequestV1, raw);
    const started = performance.now();
    const patch = await processPull(db, c.get('user').id, pull);
    metrics.pullDuration.observe(secondsSince(started));
    return c.json(patch);
  });

  app.get('/poke', async (c) => {
    const query = parseInput(PokeQuery, c.req.query());
    const user = c.get('user');
    // A tab that takes patches names its client group (`?patches=1&group=`; an older version
    // of the app names none, and is poked). A browser may hold several groups (tabs of two
    // versions of the app), so the stream, not the session, says which patches are its own.
    // The group is the caller's, as for a pull: someone else's answers 404.
    const group = query.patches === '1' ? query.group : undefined;
    if (group !== undefined) await transact(db, (tx) => ensureClientGroup(tx, user.id, group));
    const { response, reply } = openEventStream(c, pokeStreamOpening);
    // Gone while its group was checked: its 'close' has passed, so nothing would let it go.
    if (response.destroyed) return reply;
    pokes.attach(user.id, response, group);
    countWhileOpen(metrics, 'poke', response);
    // Ended (and so sent nothing more) once the session is: signed out, revoked, expired.
    auth.sessions.hold(c.get('sessionToken'), response);
    return reply;
  });

  return app;
}
