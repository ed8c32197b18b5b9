import { type AddressInfo, createServer, Socket } from 'node:net';

export type TcpProxy = {
  /** The loopback port that forwards to the target. */
  port: number;
  /** The target's URL with its host and port replaced by the proxy's (credentials kept). */
  urlFor(targetUrl: string): string;
  /** Drops every open connection and refuses new ones, as when the service goes away. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  /** How many connections are being forwarded now. */
  openConnections(): number;
  close(): Promise<void>;
};

/**
 * A loopback TCP proxy in front of a service (Redis, Postgres) that a test can cut and
 * restore, to show what a server does when its service disappears and comes back. A cut
 * resets the open connections; while cut, a new connection is accepted and reset at once.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;

  const server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket().connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  const proxy: TcpProxy = {
    port,
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut() {
      refusing = true;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      refusing = false;
    },
    openConnections: () => pairs.size,
    close() {
      proxy.cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
