import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

export type NeonWsProxy = {
  /**
   * What the Neon driver's `wsProxy` option takes (no protocol): the driver appends
   * `?address=<host>:<port>` of the database it was asked for.
   */
  wsProxy: string;
  /** How many WebSocket connections are being forwarded now. */
  openConnections(): number;
  close(): Promise<void>;
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * A loopback stand-in for Neon's WebSocket endpoint, in front of a plain Postgres: each
 * WebSocket connection to `/v1?address=<host>:<port>` becomes one TCP connection to that
 * address, and binary frames carry the Postgres wire protocol both ways, unchanged. It is what
 * Neon's own `wsproxy` does for local development; the driver talks to it with
 * `useSecureWebSocket`, `pipelineTLS` and `pipelineConnect` off. Only loopback databases are
 * reached.
 */
export async function startNeonWsProxy(): Promise<NeonWsProxy> {
  const open = new Set<WebSocket>();
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only');
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const target = parseAddress(url.searchParams.get('address'));
    if (url.pathname !== '/v1' || target === undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => forward(ws, target));
  });

  const forward = (ws: WebSocket, target: { host: string; port: number }) => {
    open.add(ws);
    const upstream = new Socket();
    // Frames that arrive before the database has accepted the connection wait their turn.
    const early: Buffer[] = [];
    let connected = false;
    const end = () => {
      open.delete(ws);
      upstream.destroy();
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    };
    ws.on('message', (data: RawData) => {
      const bytes = toBuffer(data);
      if (connected) upstream.write(bytes);
      else early.push(bytes);
    });
    ws.on('close', end).on('error', end);
    upstream.on('data', (bytes) => ws.send(bytes, { binary: true }));
    upstream.on('close', end).on('error', end);
    upstream.connect(target.port, target.host, () => {
      connected = true;
      for (const bytes of early.splice(0)) upstream.write(bytes);
    });
  };

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    wsProxy: `127.0.0.1:${port}/v1`,
    openConnections: () => open.size,
    async close() {
      for (const ws of open) ws.terminate();
      open.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseAddress(address: string | null): { host: string; port: number } | undefined {
  if (!address) return undefined;
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  return loopbackHosts.has(host) ? { host: host.replace(/^\[|\]$/g, ''), port } : undefined;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
