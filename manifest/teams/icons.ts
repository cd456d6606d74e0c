/**
 * Draws the Teams app icons and writes them as PNG with node's zlib (no image library needed
 * for two small shapes): a 192×192 colour icon (white speech bubble on the accent colour) and a
 * 32×32 outline icon (white on transparent, as Teams requires). Run once when the design
 * changes; the PNGs are committed.
 *
 * @example
 *   npx tsx manifest/teams/icons.ts   # rewrites manifest/teams/color.png and outline.png
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Rgba = [number, number, number, number];

const ACCENT: Rgba = [0x00, 0x79, 0x6b, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG from a pixel function. */
export function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // no filter
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Inside a speech bubble (a rounded box with a tail at bottom left), in unit coordinates. */
function inBubble(u: number, v: number): boolean {
  const [x0, y0, x1, y1, r] = [0.18, 0.2, 0.82, 0.68, 0.12];
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  const box = u >= x0 && u <= x1 && v >= y0 && v <= y1 && (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  const tail = v >= y1 - 0.01 && v <= 0.84 && u >= 0.3 && u <= 0.3 + (0.84 - v) * 1.0;
  return box || tail;
}

function inDot(u: number, v: number): boolean {
  return [0.34, 0.5, 0.66].some((cx) => (u - cx) ** 2 + (v - 0.44) ** 2 <= 0.055 ** 2);
}

export function colourIcon(): Buffer {
  return png(192, (x, y) => {
    const [u, v] = [(x + 0.5) / 192, (y + 0.5) / 192];
    if (inBubble(u, v)) return inDot(u, v) ? ACCENT : WHITE;
    return ACCENT;
  });
}

export function outlineIcon(): Buffer {
  const n = 32;
  return png(n, (x, y) => {
    const [u, v] = [(x + 0.5) / n, (y + 0.5) / n];
    if (!inBubble(u, v)) return CLEAR;
    // The outline: bubble pixels with a non-bubble neighbour, plus the dots.
    const edge = [[-1, 0], [1, 0], [0, -1], [0, 1]].some(([dx, dy]) => !inBubble((x + dx + 0.5) / n, (y + dy + 0.5) / n));
    return edge || inDot(u, v) ? WHITE : CLEAR;
  });
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, 'color.png'), colourIcon());
  fs.writeFileSync(path.join(__dirname, 'outline.png'), outlineIcon());
  process.stdout.write('wrote manifest/teams/color.png and outline.png\n');
}
