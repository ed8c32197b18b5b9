import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { deflateSync } from 'node:zlib';

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

/** A PNG a browser decodes: `width` × `height` pixels of one colour (red, green, blue). */
export function decodablePngBytes(width: number, height: number, rgb = [40, 120, 200]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits a channel, truecolour, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** CRC-32 as PNG chunks carry it (Node 20 has no zlib.crc32). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A well-formed PDF with one page per entry of `pages`, each showing its lines of text in
 * Helvetica, with a cross-reference table: what a PDF text extractor reads.
 */
export function textPdfBytes(pages: readonly (readonly string[])[]): Buffer {
  const escapeText = (line: string) => line.replace(/[\\()]/g, (c) => `\\${c}`);
  const fontId = 3 + pages.length * 2;
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  ];
  for (const [i, lines] of pages.entries()) {
    const stream = `BT /F1 12 Tf 14 TL 72 720 Td ${lines.map((line) => `(${escapeText(line)}) Tj T*`).join(' ')} ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + i * 2} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`,
      `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    );
  }
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
