// Writes the app icons (PNG) into client/public/icons: an indigo tile with a white speech
// bubble. Run once after changing the design: `node scripts/make-icons.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const background = [79, 70, 229];
const white = [255, 255, 255];

/** Whether pixel (x, y) of a `size` icon is inside the bubble; `scale` shrinks it (maskable). */
function inBubble(x, y, size, scale) {
  const u = (x / size - 0.5) / scale + 0.5;
  const v = (y / size - 0.5) / scale + 0.5;
  const dx = (u - 0.5) / 0.34;
  const dy = (v - 0.45) / 0.26;
  if (dx * dx + dy * dy <= 1) return true;
  // The tail: a triangle under the bubble's lower left.
  return v >= 0.62 && v <= 0.8 && u >= 0.3 && u <= 0.3 + (0.8 - v) * 0.9;
}

function png(size, { scale, rounded }) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const r = size * 0.22;
      const cx = Math.min(Math.max(x, r), size - r);
      const cy = Math.min(Math.max(y, r), size - r);
      const outside = rounded && (x - cx) ** 2 + (y - cy) ** 2 > r * r;
      const color = inBubble(x + 0.5, y + 0.5, size, scale) ? white : background;
      row.set([...color, outside ? 0 : 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const out = new URL('../client/public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, { scale: 1, rounded: true }));
writeFileSync(new URL('icon-512.png', out), png(512, { scale: 1, rounded: true }));
// Maskable: full bleed, the bubble within the central 80 % safe zone.
writeFileSync(new URL('icon-maskable-512.png', out), png(512, { scale: 0.75, rounded: false }));
writeFileSync(new URL('apple-touch-icon.png', out), png(180, { scale: 0.85, rounded: false }));
