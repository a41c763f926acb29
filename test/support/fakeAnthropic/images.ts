import type { ApiFailure } from './validate';

/** An image block found in a request, decoded: what the model would have seen. */
export interface RequestImage {
  /** Where it sits, in the API's error-path style: `messages.2.content.0.content.1`. */
  location: string;
  /** The tool_use id when the image came back in a tool result; null in a user's own message. */
  toolUseId: string | null;
  mediaType: string;
  bytes: Buffer;
}

const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
/** The API's own limits on base64 image data. */
const MAX_BASE64_BYTES = 5 * 1024 * 1024;
const MAX_IMAGES = 100;

interface Found {
  location: string;
  toolUseId: string | null;
  role: string;
  block: Record<string, unknown>;
}

function imageBlocks(body: unknown): Found[] {
  const found: Found[] = [];
  const messages = (body as { messages?: unknown })?.messages;
  if (!Array.isArray(messages)) return found;
  messages.forEach((message: { role?: string; content?: unknown }, i) => {
    if (!Array.isArray(message.content)) return;
    (message.content as Array<Record<string, unknown>>).forEach((block, j) => {
      const role = String(message.role);
      if (block?.type === 'image') found.push({ location: `messages.${i}.content.${j}`, toolUseId: null, role, block });
      if (block?.type === 'tool_result' && Array.isArray(block.content)) {
        (block.content as Array<Record<string, unknown>>).forEach((inner, k) => {
          if (inner?.type === 'image') found.push({ location: `messages.${i}.content.${j}.content.${k}`, toolUseId: String(block.tool_use_id), role, block: inner });
        });
      }
    });
  });
  return found;
}

/** The format the bytes really are, by their magic numbers. */
function sniff(bytes: Buffer): string | null {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (/^GIF8[79]a/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** The real API's checks on image blocks that a client can get wrong. */
export function validateImages(body: unknown): ApiFailure | undefined {
  const images = imageBlocks(body);
  const fail = (message: string): ApiFailure => ({ status: 400, type: 'invalid_request_error', message });
  if (images.length > MAX_IMAGES) return fail(`Too many images: ${images.length} > ${MAX_IMAGES}.`);
  for (const { location, role, block } of images) {
    if (role !== 'user') return fail(`${location}: images are only allowed in user messages.`);
    const source = block.source as { type?: string; media_type?: string; data?: unknown } | undefined;
    if (source?.type !== 'base64') return fail(`${location}.source: this fake accepts base64 image sources only.`);
    if (!MEDIA_TYPES.includes(String(source.media_type))) {
      return fail(`${location}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
    }
    const data = typeof source.data === 'string' ? source.data : '';
    if (!data || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return fail(`${location}.source.base64.data: invalid base64 data.`);
    if (data.length > MAX_BASE64_BYTES) return fail(`${location}.source.base64: image exceeds 5 MB maximum: ${data.length} bytes > ${MAX_BASE64_BYTES} bytes`);
    const actual = sniff(Buffer.from(data, 'base64'));
    if (actual !== source.media_type) {
      return fail(`${location}.source.base64.data: Image does not match the provided media type ${source.media_type}${actual ? ` (it is ${actual})` : ''}`);
    }
  }
  return undefined;
}

/** Every image a request carried, decoded, in request order: for tests to check what the model saw. */
export function imagesIn(body: unknown): RequestImage[] {
  return imageBlocks(body).map(({ location, toolUseId, block }) => {
    const source = block.source as { media_type: string; data: string };
    return { location, toolUseId, mediaType: source.media_type, bytes: Buffer.from(source.data, 'base64') };
  });
}
