import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** A PNG's signature followed by `bytes` random bytes: a PNG to the server's eyes. */
export const pngBytes = (bytes = 1024) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(bytes),
  ]);

/** A small PDF of `pages` pages, as most tools write one (page objects uncompressed). */
export function pdfBytes(pages: number, padding = 0): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    `2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj`,
    ...Array.from(
      { length: pages },
      (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj`,
    ),
  ];
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n${objects.join('\n')}\n`),
    Buffer.alloc(padding, 0x20),
    Buffer.from('trailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

export type StreamedUpload = { status: number; body: string; sentBytes: number };

/**
 * Sends `head`, then zeros in 64 KB writes (each after the last has drained) until the server
 * answers or `maxBytes` have gone: how much of an upload the server reads before refusing it.
 * `headers` may declare a Content-Length; otherwise the body is chunked.
 */
export function streamUpload(
  url: string,
  headers: Record<string, string>,
  head: Buffer,
  maxBytes: number,
): Promise<StreamedUpload> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = request(url, { method: 'PUT', headers }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        body += text;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body, sentBytes });
        req.destroy();
      });
    });
    // The server closing the connection on us mid-body is what a refusal looks like.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const zeros = Buffer.alloc(64 * 1024);
    const send = () => {
      while (!answered && sentBytes < maxBytes) {
        const chunk = sentBytes === 0 ? head : zeros;
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', send);
      }
      if (!answered) req.end();
    };
    send();
  });
}
