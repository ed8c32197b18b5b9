import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { z } from 'zod';

export type UpstashBridge = {
  /** What `UPSTASH_REDIS_REST_URL` is set to. */
  url: string;
  /** What `UPSTASH_REDIS_REST_TOKEN` is set to. */
  token: string;
  /** How many subscriptions (server-sent event streams) are open now. */
  openSubscriptions(): number;
  /** Ends every open subscription stream, as the service does when it drops a connection. */
  endSubscriptions(): void;
  close(): Promise<void>;
};

/** Upstash's own cap on a request's body. */
const maxBodyBytes = 10 * 1024 * 1024;

const Argument = z.union([z.string(), z.number(), z.boolean()]);
const Command = z.array(Argument).min(1);
const Commands = z.array(Command).min(1);

/**
 * Commands that would hold or take over the bridge's one shared Redis connection. Upstash
 * serves subscriptions on their own endpoint; this bridge does not emulate its blocking reads.
 */
const refused = new Set([
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'monitor',
  'blpop',
  'brpop',
  'blmove',
  'brpoplpush',
  'bzpopmin',
  'bzpopmax',
  'blmpop',
  'bzmpop',
  'xread',
  'xreadgroup',
  'wait',
  'quit',
  'select',
]);

/**
 * A loopback stand-in for Upstash's Redis REST API, in front of a plain Redis, speaking the
 * wire format `@upstash/redis` speaks: `POST /` with a command as a JSON array answers
 * `{"result": …}` (or `{"error": …}` with status 400); `POST /pipeline` and `POST /multi-exec`
 * take an array of commands and answer one such object per command (a transaction's commands
 * all or none); `POST /subscribe/<channel>` answers a server-sent event stream of
 * `subscribe,<channel>,<count>` and then `message,<channel>,<message>` lines, the message
 * written as it was published. With `Upstash-Encoding: base64` every string in a result is
 * base64 but a status `OK`. Every request needs `Authorization: Bearer <token>`.
 */
export async function startUpstashBridge(redisUrl: string, token: string): Promise<UpstashBridge> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const subscriptions = new Set<{ response: ServerResponse; subscriber: Redis }>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, { error: String(error) });
      else response.destroy();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!authorised(request.headers.authorization, token)) {
      reply(response, 401, { error: 'Unauthorized' });
      return;
    }
    if (request.method !== 'POST') {
      reply(response, 405, { error: 'POST only' });
      return;
    }
    const path = new URL(request.url ?? '/', 'http://bridge').pathname;
    const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    if (path.startsWith('/subscribe/')) {
      await subscribe(request, response, path.slice('/subscribe/'.length));
      return;
    }
    const body = await readJson(request);
    if (body === undefined) {
      reply(response, 400, { error: 'ERR the body is not JSON, or too large' });
      return;
    }
    if (path === '/') {
      const command = Command.safeParse(body);
      if (!command.success) {
        reply(response, 400, { error: 'ERR a command is a JSON array of strings and numbers' });
        return;
      }
      const [result] = await run([command.data]);
      if (result && 'error' in result) reply(response, 400, result);
      else reply(response, 200, encodeResult(result, base64));
      return;
    }
    if (path === '/pipeline' || path === '/multi-exec') {
      const commands = Commands.safeParse(body);
      if (!commands.success) {
        reply(response, 400, { error: 'ERR a pipeline is a JSON array of commands' });
        return;
      }
      const results =
        path === '/pipeline' ? await run(commands.data) : await runAtomically(commands.data);
      if (!Array.isArray(results)) reply(response, 400, results);
      else
        reply(
          response,
          200,
          results.map((result) => encodeResult(result, base64)),
        );
      return;
    }
    reply(response, 404, { error: `ERR no such endpoint ${path}` });
  };

  type Outcome = { result: unknown } | { error: string };
  const refusal = (command: z.infer<typeof Command>): Outcome | undefined =>
    refused.has(String(command[0]).toLowerCase())
      ? { error: `ERR ${String(command[0])} is not served by this endpoint` }
      : undefined;

  /** Commands in one round trip, each answering for itself. */
  const run = async (commands: z.infer<typeof Commands>): Promise<Outcome[]> => {
    const pipeline = redis.pipeline();
    const refusals = commands.map(refusal);
    commands.forEach((command, index) => {
      if (refusals[index] === undefined) {
        const [name, ...args] = command.map(String) as [string, ...string[]];
        pipeline.callBuffer(name, ...args);
      }
    });
    const replies = pipeline.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    let next = 0;
    return refusals.map((refusal) => {
      if (refusal !== undefined) return refusal;
      const [error, result] = replies[next++] ?? [new Error('ERR no reply')];
      return error ? { error: error.message } : { result };
    });
  };

  /** Commands in a MULTI … EXEC: all of them or, when one is refused, none. */
  const runAtomically = async (
    commands: z.infer<typeof Commands>,
  ): Promise<Outcome[] | { error: string }> => {
    const first = commands.map(refusal).find((r) => r !== undefined);
    if (first !== undefined) return first as { error: string };
    const multi = redis.multi();
    for (const command of commands) {
      const [name, ...args] = command.map(String) as [string, ...string[]];
      multi.callBuffer(name, ...args);
    }
    try {
      const replies = (await multi.exec()) ?? [];
      return replies.map(([error, result]) => (error ? { error: error.message } : { result }));
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  const subscribe = async (request: IncomingMessage, response: ServerResponse, rest: string) => {
    const channels = rest.split('/').filter(Boolean).map(decodeURIComponent);
    if (channels.length === 0) {
      reply(response, 400, { error: 'ERR name a channel' });
      return;
    }
    // Each stream has its own connection: a subscribed Redis connection can do nothing else.
    const subscriber = redis.duplicate({ lazyConnect: true });
    const entry = { response, subscriber };
    subscriptions.add(entry);
    const end = () => {
      if (!subscriptions.delete(entry)) return;
      subscriber.disconnect();
      response.end();
    };
    // The body (an empty command) means nothing here; the stream lasts as long as the response.
    request.resume();
    response.on('close', end);
    subscriber.on('error', end);
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (line: string) => {
      if (!response.writableEnded) response.write(`data: ${line}\n\n`);
    };
    subscriber.on('message', (channel: string, message: string) => {
      send(`message,${channel},${message}`);
    });
    try {
      await subscriber.connect();
      for (const channel of channels) {
        const count = await subscriber.subscribe(channel);
        send(`subscribe,${channel},${count}`);
      }
    } catch {
      end();
    }
  };

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const endSubscriptions = () => {
    for (const { response } of [...subscriptions]) response.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    openSubscriptions: () => subscriptions.size,
    endSubscriptions,
    async close() {
      endSubscriptions();
      for (const { subscriber } of subscriptions) subscriber.disconnect();
      subscriptions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit().catch(() => {});
    },
  };
}

function authorised(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > maxBodyBytes) return undefined;
    parts.push(part);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A reply as Upstash writes it: strings as text, or as base64 when asked (but `OK`). */
function encodeResult(
  outcome: { result: unknown } | { error: string } | undefined,
  base64: boolean,
) {
  if (outcome === undefined || 'error' in outcome) return outcome ?? { error: 'ERR no reply' };
  return { result: encodeValue(outcome.result, base64) };
}

function encodeValue(value: unknown, base64: boolean): unknown {
  if (Buffer.isBuffer(value)) {
    if (!base64) return value.toString('utf8');
    return value.toString('latin1') === 'OK' ? 'OK' : value.toString('base64');
  }
  if (Array.isArray(value)) return value.map((item) => encodeValue(item, base64));
  if (typeof value === 'string') {
    return base64 && value !== 'OK' ? Buffer.from(value).toString('base64') : value;
  }
  return value ?? null;
}

/**
 * A bridge in front of `redisUrl` started on first use, for a test file's drivers: `options()`
 * is what a driver is given, `close()` (after the file's tests) stops it if it was started.
 */
export function lazyUpstashBridge(redisUrl: string) {
  let started: Promise<UpstashBridge> | undefined;
  const bridge = () => {
    started ??= startUpstashBridge(redisUrl, `test-token-${crypto.randomUUID()}`);
    return started;
  };
  return {
    bridge,
    async options() {
      const { url, token } = await bridge();
      return { url, token };
    },
    async close() {
      await (await started)?.close();
    },
  };
}
