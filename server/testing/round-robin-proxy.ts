import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where one request went: its method and path, and the index of the process that served it. */
export type Routed = { method: string; path: string; target: number };

export type RoundRobinProxy = {
  /** The proxy's own URL: the public URL of the processes behind it. */
  url: string;
  /** Every request so far, in the order they arrived. */
  routed: readonly Routed[];
  /** The index of the process the next request goes to. */
  upcoming(): number;
  /** Stops listening and drops every open connection, streams included. */
  close(): Promise<void>;
};

/**
 * A loopback HTTP load balancer in front of several server processes, as a deployment puts
 * one: each request goes to the next process in turn, whatever connection it came on. Bodies
 * stream through both ways as they come (event streams included), every header passes as
 * sent, and the client's address is appended to `X-Forwarded-For`, as a reverse proxy does. A
 * process that cannot be reached answers 502.
 */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  if (targets.length === 0) throw new Error('a proxy needs a process to send requests to');
  const upstreams = targets.map((target) => new URL(target));
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const routed: Routed[] = [];
  let next = 0;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const target = next;
    next = (next + 1) % upstreams.length;
    const upstream = upstreams[target] as URL;
    routed.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', target });
    const headers: OutgoingHttpHeaders = { ...incoming.headers };
    const client = incoming.socket.remoteAddress ?? '';
    const forwardedFor = incoming.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${client}` : client;
    const proxied = request({
      agent,
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      headers,
    });
    proxied.on('response', (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      // Headers at once: an event stream's client opens before its first event.
      outgoing.flushHeaders();
      answer.pipe(outgoing);
      answer.on('error', () => outgoing.destroy());
      // The process went away mid-body: the client sees its connection end, not a clean end.
      answer.on('aborted', () => outgoing.destroy());
    });
    proxied.on('error', () => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end('the process behind the proxy did not answer');
      } else {
        outgoing.destroy();
      }
    });
    // The client let go (a closed tab, an aborted fetch): so does the proxy, upstream.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) proxied.destroy();
    });
    incoming.pipe(proxied);
  };

  const server = createServer(forward);
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    upcoming: () => next,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
