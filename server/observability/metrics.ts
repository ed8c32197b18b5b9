import type { EventResponse } from '../http/event-stream.ts';
import { createRegistry } from './metrics-registry.ts';

/** Seconds: from a millisecond or two on loopback to a slow Postgres under load. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds from a provider's token to the chunk store: Redis round trips, batching under load. */
const tokenBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** Why an answer was refused before it ran, or an attempt before it was checked. */
const refusalKinds = ['messages', 'sign_in', 'sign_up', 'change_password'] as const;
export type RefusalKind = (typeof refusalKinds)[number];
/** The kinds of event stream a client holds open. */
const streamKinds = ['poke', 'answer'] as const;
type StreamKind = (typeof streamKinds)[number];
/** How a run ends, as its message's status. */
const runEndings = ['done', 'stopped', 'error', 'interrupted'] as const;

/**
 * Parley's metrics, one set per server. Every part that counts something gets this object
 * (or the one metric it moves) from where the app is composed (start-server.ts, app.ts).
 */
export function createMetrics() {
  const registry = createRegistry();
  const metrics = {
    registry,
    openStreams: registry.gauge(
      'parley_open_streams',
      'Event streams open now, by kind (poke: a tab listening for changes; answer: a reader of an answer).',
    ),
    runs: registry.counter(
      'parley_runs_total',
      'Answers finished by this process, by final status (done, stopped, error, interrupted).',
    ),
    tokenLatency: registry.histogram(
      'parley_token_store_latency_seconds',
      'Time from a token arriving from the model to its chunk being written to the chunk store.',
      tokenBuckets,
    ),
    pushDuration: registry.histogram(
      'parley_push_duration_seconds',
      'Time to process a Replicache push, from its parsed body to its commit.',
      durationBuckets,
    ),
    pullDuration: registry.histogram(
      'parley_pull_duration_seconds',
      'Time to compute a Replicache pull.',
      durationBuckets,
    ),
    providerErrors: registry.counter(
      'parley_provider_errors_total',
      'Answers a model provider failed, by HTTP status (or "stream" for an error inside the stream, "other").',
    ),
    refusals: registry.counter(
      'parley_rate_limit_refusals_total',
      'Requests refused by a limit, by kind (messages, sign_in, sign_up, change_password).',
    ),
  };
  // The series an alert compares with are there from the start, at zero.
  for (const kind of streamKinds) metrics.openStreams.set(0, { kind });
  for (const status of runEndings) metrics.runs.inc({ status }, 0);
  for (const kind of refusalKinds) metrics.refusals.inc({ kind }, 0);
  // One close listener per kind of stream, shared by all its streams (see `countWhileOpen`).
  const streamClosed = Object.fromEntries(
    streamKinds.map((kind) => [kind, () => metrics.openStreams.dec({ kind })]),
  ) as Record<StreamKind, () => void>;
  return { ...metrics, streamClosed };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Seconds since `startMs` (a `performance.now()` reading). */
export const secondsSince = (startMs: number) => (performance.now() - startMs) / 1000;

/**
 * Counts `response` among the open streams of its kind until it closes. Apart from the routes,
 * so that what waits for the close holds the gauge and nothing of the request: thousands of
 * idle streams stay open at once, and each kept request context would cost kilobytes. For the
 * same reason the listener is the kind's own, shared by all its streams, and added with `on`
 * ('close' comes once): `once` would wrap it anew for every stream.
 */
export function countWhileOpen(
  metrics: Pick<Metrics, 'openStreams' | 'streamClosed'>,
  kind: StreamKind,
  response: Pick<EventResponse, 'on'>,
): void {
  metrics.openStreams.inc({ kind });
  response.on('close', metrics.streamClosed[kind]);
}
