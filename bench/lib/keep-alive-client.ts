import { Agent, request } from 'node:http';

export type KeepAliveClient = {
  send(method: string, path: string, body?: string): Promise<{ status: number; text: string }>;
  close(): void;
};

/**
 * One keep-alive connection, reused by every request (as a browser holds one), so a timing
 * holds no TCP handshake. Sends the session `cookie`, if any.
 */
export function keepAliveClient(baseUrl: string, cookie = ''): KeepAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method, path, body) {
      return new Promise((resolve, reject) => {
        const req = request(new URL(path, baseUrl), {
          method,
          agent,
          headers: {
            ...(cookie ? { cookie } : {}),
            // A write comes from the app's own origin, as the page's do.
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', origin: new URL(baseUrl).origin }),
          },
        });
        req.once('error', reject);
        req.once('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('error', reject);
          res.once('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        });
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
