import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Real, decodable image files built byte by byte (no image library needed): what fs_read and the
 * fake Messages API see in the image tests.
 */

/** A PNG of one colour; `noiseBytes` adds a private ancillary chunk of random bytes to reach a file size. */
export function pngImage(width: number, height: number, options: { rgb?: [number, number, number]; noiseBytes?: number } = {}): Buffer {
  const [r, g, b] = options.rgb ?? [200, 30, 30];
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const chunks = [chunk('IHDR', header)];
  // A lower-case first letter marks an ancillary chunk decoders skip; random bytes do not compress.
  if (options.noiseBytes) chunks.push(chunk('swNz', randomBytes(options.noiseBytes)));
  chunks.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The classic 1×1 GIF89a. */
export function gifImage(): Buffer {
  return Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');
}

/**
 * A baseline JPEG of one 8×8 grey block: one component, Huffman tables of a single one-bit code
 * (DC difference 0, then end of block), so the whole scan is the bits 00 padded with ones.
 */
export function jpegImage(): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const bytes = [
    0xff, 0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF
    ...segment(0xdb, [0x00, ...Array<number>(64).fill(1)]), // quantisation table 0
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8 bits, 8×8, one component
    ...segment(0xc4, [0x00, 1, ...Array<number>(15).fill(0), 0x00]), // DC table 0: symbol 0 → '0'
    ...segment(0xc4, [0x10, 1, ...Array<number>(15).fill(0), 0x00]), // AC table 0: EOB → '0'
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0x3f, // DC '0', EOB '0', padding ones
    0xff, 0xd9, // EOI
  ];
  return Buffer.from(bytes);
}

/**
 * A lossless WebP (VP8L) of one colour: five prefix codes of one symbol each, so every pixel takes
 * no bits and the image is only its header.
 */
export function webpImage(width: number, height: number): Buffer {
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++) bits.push((value >> i) & 1);
  };
  put(width - 1, 14);
  put(height - 1, 14);
  put(0, 1); // no alpha
  put(0, 3); // version 0
  put(0, 1); // no transform
  put(0, 1); // no colour cache
  put(0, 1); // no meta prefix codes
  for (const symbol of [0x80, 0x40, 0x20, 0xff]) {
    put(1, 1); // simple code
    put(0, 1); // one symbol
    put(1, 1); // 8-bit symbol
    put(symbol, 8);
  }
  put(1, 1); // distance: simple code
  put(0, 1); // one symbol
  put(0, 1); // 1-bit symbol
  put(0, 1);
  const data = [0x2f];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((byte, bit, j) => byte | (bit << j), 0));
  // A RIFF chunk's size excludes the pad byte that keeps the next chunk at an even offset.
  const vp8l = Buffer.concat([Buffer.from('VP8L'), u32le(data.length), Buffer.from(data), Buffer.alloc(data.length % 2)]);
  return Buffer.concat([Buffer.from('RIFF'), u32le(4 + vp8l.length), Buffer.from('WEBP'), vp8l]);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
