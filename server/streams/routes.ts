import type { HttpBindings } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { isFinalStatus } from '../../shared/message-status.ts';
import { encodeChunk, type StreamFinal } from '../../shared/stream-events.ts';
import type { Auth } from '../auth/auth.ts';
import { type AuthedEnv, requireUser } from '../auth/session.ts';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../http/app-error.ts';
import {
  type EventResponse,
  formatEvent,
  openEventStream,
  writeEvent,
  writeHeartbeat,
} from '../http/event-stream.ts';
import { loggableError } from '../http/loggable-error.ts';
import { parseInput } from '../http/read-json.ts';
import type { Logger } from '../observability/log.ts';
import { countWhileOpen, type Metrics } from '../observability/metrics.ts';
import type { RequestLogEnv } from '../observability/request-log.ts';
import type { ChunkStore } from './chunk-store.ts';
import { tailStream } from './tail-stream.ts';

export type StreamDeps = {
  db: Database;
  auth: Auth;
  chunks: ChunkStore;
  heartbeatMs?: number | undefined;
  /** Open answer streams. */
  metrics: Pick<Metrics, 'openStreams' | 'streamClosed'>;
  log: Logger;
};

const Offset = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ResumeQuery = z.object({ from: Offset.optional() });

/** `GET /api/streams/:messageId`: an answer's chunks from any offset, then its live tail. */
export function streamRoutes({ db, auth, chunks, heartbeatMs = 15_000, metrics, log }: StreamDeps) {
  const app = new Hono<AuthedEnv & RequestLogEnv & { Bindings: HttpBindings }>();
  app.use('*', requireUser(auth));

  app.get('/:messageId', async (c) => {
    const user = c.get('user');
    // Ownership first: someone else's message answers exactly like a missing one.
    const [row] = await db
      .select({ status: message.status, error: message.error, runId: message.runId })
      .from(message)
      .where(and(eq(message.id, c.req.param('messageId')), eq(message.userId, user.id)));
    if (!row) throw notFound('No such message.');
    const offset = resumeOffset(c.req.header('last-event-id'), c.req.query());
    // Chunks are kept per run, so a retried answer never replays its previous run.
    const streamId = row.runId ?? c.req.param('messageId');

    const { response, reply } = openEventStream(c);
    // Ended once the session is (signed out, revoked, expired): the tail then stops on 'close'.
    auth.sessions.hold(c.get('sessionToken'), response);
    const abort = new AbortController();
    response.once('close', () => abort.abort());
    // The reader may have gone while the row was looked up: 'close' has fired already.
    if (response.destroyed) abort.abort();
    else {
      countWhileOpen(metrics, 'answer', response);
    }
    const heartbeat = setInterval(() => writeHeartbeat(response), heartbeatMs);
    sendAnswer(response, { chunks, streamId, offset, row }, abort.signal)
      .catch((error: unknown) =>
        log.error('answer stream failed', {
          requestId: c.get('requestId'),
          error: loggableError(error),
        }),
      )
      .finally(() => {
        clearInterval(heartbeat);
        response.end();
      });
    return reply;
  });
  return app;
}

type AnswerSource = {
  chunks: ChunkStore;
  streamId: string;
  offset: number;
  row: { status: StreamFinal['status']; error: string | null };
};

/** The answer's chunks from `offset`, its live tail, then how it ended. */
async function sendAnswer(
  response: EventResponse,
  { chunks, streamId, offset, row }: AnswerSource,
  signal: AbortSignal,
): Promise<void> {
  // Finished, and nothing of it left in the store (expired): the row holds the answer. Asked
  // in this order so a live answer costs no store round trip here.
  const expired =
    isFinalStatus(row.status) &&
    (await chunks.getFinal(streamId)) === null &&
    (await chunks.length(streamId)) === 0;
  if (expired) {
    const final: StreamFinal = { status: row.status, error: row.error };
    await writeEvent(response, formatEvent('final', JSON.stringify(final)));
    return;
  }
  for await (const item of tailStream(chunks, streamId, offset, signal)) {
    // Ended under us (its session ended): stop reading, even before the connection closes.
    if (response.writableEnded) return;
    const event =
      item.kind === 'chunks'
        ? formatEvent('chunk', encodeChunk(item.text, item.of), String(item.last))
        : formatEvent('final', item.data);
    await writeEvent(response, event);
  }
}

/** `Last-Event-ID` names the last chunk received; `?from=` the first one wanted. */
function resumeOffset(lastEventId: string | undefined, query: Record<string, string>): number {
  if (lastEventId !== undefined && lastEventId !== '') return parseInput(Offset, lastEventId) + 1;
  return parseInput(ResumeQuery, query).from ?? 0;
}
