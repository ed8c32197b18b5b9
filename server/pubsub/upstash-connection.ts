// Upstash's Redis REST API: commands are HTTP requests, a subscription is a server-sent event
// stream. Only `fetch` is used, so this runs on Node and on Cloudflare Workers alike; nothing
// here may import a Node-only module.
import { Redis } from '@upstash/redis';
import { processLog } from '../observability/process-log.ts';

/** Where an Upstash database's REST API is, and its token. */
export type UpstashOptions = { url: string; token: string };

/**
 * How long a command may wait for an answer, as with Redis over TCP: a store that stops
 * answering must not hold a request, or an answer's run, for longer than this.
 */
const commandTimeoutMs = 2_000;
/** How long a new subscription may take to be confirmed before subscribing fails. */
const subscribeTimeoutMs = 5_000;
/** Waits between attempts to get a lost subscription back, doubling up to the last. */
const resubscribeDelaysMs = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * A REST client for commands. Replies come back as stored (no guessing at JSON), a command
 * fails after `commandTimeoutMs`, and a failed request is sent once more at most: the stores'
 * writes are idempotent where it matters (appends name their offset), and a notice is worth
 * nothing late.
 */
export function upstashCommands({ url, token }: UpstashOptions): Redis {
  return new Redis({
    url,
    token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(commandTimeoutMs),
  });
}

/** Rejects, with the reason, unless the REST API answers (start-up, before serving). */
export async function upstashMustAnswer(options: UpstashOptions): Promise<void> {
  const reply = await upstashCommands(options).ping();
  if (reply !== 'PONG') throw new Error(`Upstash answered PING with ${JSON.stringify(reply)}`);
}

/** Whether the REST API answers now (health checks), within the command timeout. */
export async function upstashAnswers(redis: Redis): Promise<boolean> {
  return redis.ping().then(
    (reply) => reply === 'PONG',
    () => false,
  );
}

/**
 * Subscribes to one channel over its own event stream (`POST /subscribe/<channel>`, the
 * request `@upstash/redis` makes) and calls `onMessage` with each message. Resolves once
 * Upstash confirms the subscription; rejects if it does not within `subscribeTimeoutMs`. A
 * stream that ends or breaks later is opened again, with growing waits, and `onResumed` is
 * called once it is back (messages published meanwhile are lost). The returned function ends
 * the subscription.
 *
 * One stream per call, never shared: on Workers a stream belongs to the request that opened
 * it, and another request could not read it.
 */
export async function upstashSubscription(
  { url, token }: UpstashOptions,
  channel: string,
  onMessage: (message: string) => void,
  onResumed: () => void,
): Promise<() => Promise<void>> {
  const stop = new AbortController();
  const endpoint = `${url.replace(/\/$/, '')}/subscribe/${encodeURIComponent(channel).replaceAll('%3A', ':')}`;

  /** Reads one stream until it ends; calls `onLive` when the subscription is confirmed. */
  const listen = async (onLive: () => void, signal: AbortSignal) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        'content-type': 'application/json',
      },
      body: '[]',
      signal,
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`Upstash refused the subscription (${response.status})`);
    }
    const prefix = `${channel},`;
    for await (const data of serverSentData(response.body)) {
      const comma = data.indexOf(',');
      const type = data.slice(0, comma);
      const rest = data.slice(comma + 1);
      if (comma < 0 || !rest.startsWith(prefix)) continue;
      if (type === 'subscribe') onLive();
      else if (type === 'message') onMessage(rest.slice(prefix.length));
    }
  };

  // The first stream: subscribing succeeds only once it is confirmed.
  await new Promise<void>((resolve, reject) => {
    const first = new AbortController();
    const give = () => first.abort();
    stop.signal.addEventListener('abort', give);
    const timer = setTimeout(() => {
      first.abort();
      reject(new Error(`Upstash did not confirm the subscription within ${subscribeTimeoutMs} ms`));
    }, subscribeTimeoutMs);
    let live = false;
    listen(() => {
      live = true;
      clearTimeout(timer);
      resolve();
    }, first.signal)
      .catch((error: unknown) => {
        if (!live) {
          clearTimeout(timer);
          reject(error);
        }
      })
      .finally(() => {
        stop.signal.removeEventListener('abort', give);
        // Ended after it was live: keep it up until unsubscribed.
        if (live && !stop.signal.aborted) void keepUp();
      });
  });

  const keepUp = async () => {
    processLog.warn('upstash.resubscribing', { again: false });
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      const delay = resubscribeDelaysMs[Math.min(attempt, resubscribeDelaysMs.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (stop.signal.aborted) return;
      let live = false;
      await listen(() => {
        live = true;
        attempt = -1;
        onResumed();
      }, stop.signal).catch(() => {});
      if (live && !stop.signal.aborted) processLog.warn('upstash.resubscribing', { again: true });
    }
  };

  return async () => {
    stop.abort();
  };
}

/**
 * The data of each event in a server-sent event stream (its `data:` lines joined by line
 * breaks); comments and other fields are skipped.
 */
async function* serverSentData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        newline = buffer.indexOf('\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
