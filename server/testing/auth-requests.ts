import { request } from 'node:http';

export type AuthAnswer = { status: number; headers: Headers; body: unknown; cookies: string[] };

export type From = {
  /** The loopback address to connect from (any of 127.0.0.0/8): another client, as the server sees it. */
  address?: string | undefined;
  /** An `X-Forwarded-For` to send. */
  forwardedFor?: string | undefined;
  cookie?: string | undefined;
};

/**
 * POSTs JSON to one of Better Auth's endpoints (`sign-in/email`, …) as a browser on the app's
 * origin would, from the given loopback address.
 */
export function postAuth(
  baseUrl: string,
  path: string,
  body: unknown,
  from: From = {},
): Promise<AuthAnswer> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${baseUrl}/api/auth/${path}`,
      {
        method: 'POST',
        localAddress: from.address,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          origin: baseUrl,
          ...(from.forwardedFor && { 'x-forwarded-for': from.forwardedFor }),
          ...(from.cookie && { cookie: from.cookie }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? ''])
              headers.append(name, one);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw);
          } catch {
            // Not JSON: kept as text.
          }
          resolve({
            status: response.statusCode ?? 0,
            headers,
            body: parsed,
            cookies: response.headers['set-cookie'] ?? [],
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}
