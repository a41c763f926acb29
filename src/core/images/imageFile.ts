import { imageSize } from 'image-size';
import {
  formatBytes,
  IMAGE_MEDIA_TYPES,
  MAX_IMAGE_BASE64_BYTES,
  MAX_IMAGE_DIMENSION_PX,
  MAX_IMAGE_FILE_BYTES,
  type ImageMediaType,
} from './limits';

/** An image read from disk and checked against every limit, ready to be sent to the model. */
export interface ModelImage {
  /** How the image is named to people and the model (workspace-relative when it is inside). */
  path: string;
  mediaType: ImageMediaType;
  /** The file's bytes, base64-encoded. */
  data: string;
  bytes: number;
  width: number;
  height: number;
}

/** An image that cannot be sent; the message names the file and the limit, for the model or a person. */
export class ImageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

/** image-size's names for the four formats the model reads. */
const MEDIA_TYPE_OF: Readonly<Record<string, ImageMediaType>> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };

/** Checks bytes already in memory (a pasted image) the same way as a file. */
export function imageFromBytes(content: Buffer, displayPath: string): ModelImage {
  const tooLarge = sizeProblem(displayPath, content.length);
  if (tooLarge) throw new ImageInputError(tooLarge);
  const { mediaType, width, height } = identify(content, displayPath);
  if (width > MAX_IMAGE_DIMENSION_PX || height > MAX_IMAGE_DIMENSION_PX) {
    throw new ImageInputError(`${displayPath} is ${width}×${height} pixels; the model accepts images up to ${MAX_IMAGE_DIMENSION_PX}×${MAX_IMAGE_DIMENSION_PX}. Scale it down first.`);
  }
  return { path: displayPath, mediaType, data: content.toString('base64'), bytes: content.length, width, height };
}

/**
 * What stops an image from being sent, from what is known before its bytes are read (a file pasted
 * or dropped in the panel: its name, type and size); null when it may go. The bytes are checked
 * again where they arrive (imageFromBytes).
 */
export function pastedImageProblem(name: string, type: string, bytes: number): string | null {
  if (!isImageMediaType(type)) return `${name} is ${type ? `of type ${type}` : 'not an image'}; the model reads ${SUPPORTED} only.`;
  return sizeProblem(name, bytes);
}

/** Kiro's 10 MB a file, then the API's 5 MB of base64 (4 characters for every 3 bytes). */
function sizeProblem(name: string, bytes: number): string | null {
  if (bytes > MAX_IMAGE_FILE_BYTES) return `${name} is ${formatBytes(bytes)}; images can be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}.`;
  const encoded = Math.ceil(bytes / 3) * 4;
  if (encoded > MAX_IMAGE_BASE64_BYTES) {
    return (
      `${name} is ${formatBytes(bytes)} (${formatBytes(encoded)} once encoded); the model accepts images up to ${formatBytes(MAX_IMAGE_BASE64_BYTES)} encoded, ` +
      `about ${formatBytes((MAX_IMAGE_BASE64_BYTES * 3) / 4)} of file. Compress or scale it down first.`
    );
  }
  return null;
}

const SUPPORTED = 'JPEG, PNG, GIF and WebP';

function identify(content: Buffer, displayPath: string): { mediaType: ImageMediaType; width: number; height: number } {
  const supported = SUPPORTED;
  let found;
  try {
    found = imageSize(content);
  } catch {
    throw new ImageInputError(`${displayPath} is not an image the model can read (${supported} are).`);
  }
  const mediaType = found.type ? MEDIA_TYPE_OF[found.type] : undefined;
  if (!mediaType) throw new ImageInputError(`${displayPath} is a ${found.type?.toUpperCase() ?? 'unknown'} image; the model reads ${supported} only.`);
  if (!found.width || !found.height) throw new ImageInputError(`${displayPath} looks like a ${mediaType.slice(6).toUpperCase()} image, but its size cannot be read; it may be damaged.`);
  return { mediaType, width: found.width, height: found.height };
}

export function isImageMediaType(value: string): value is ImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(value);
}
