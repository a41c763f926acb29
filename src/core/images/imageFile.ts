import { promises as fs } from 'node:fs';
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

/**
 * Reads an image file for the model. The format comes from the file's bytes, never its name (a
 * `.png` that holds a JPEG is sent as a JPEG, which the API requires); the size is checked before
 * the file is read whole.
 */
export async function readImageFile(absolutePath: string, displayPath: string): Promise<ModelImage> {
  let stat;
  try {
    stat = await fs.stat(absolutePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageInputError(`${displayPath} does not exist.`);
    throw error;
  }
  if (stat.isDirectory()) throw new ImageInputError(`${displayPath} is a folder, not an image.`);
  if (stat.size > MAX_IMAGE_FILE_BYTES) {
    throw new ImageInputError(`${displayPath} is ${formatBytes(stat.size)}; images can be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}.`);
  }
  return imageFromBytes(await fs.readFile(absolutePath), displayPath);
}

/** Checks bytes already in memory (a pasted image) the same way as a file. */
export function imageFromBytes(content: Buffer, displayPath: string): ModelImage {
  if (content.length > MAX_IMAGE_FILE_BYTES) {
    throw new ImageInputError(`${displayPath} is ${formatBytes(content.length)}; images can be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}.`);
  }
  const { mediaType, width, height } = identify(content, displayPath);
  if (width > MAX_IMAGE_DIMENSION_PX || height > MAX_IMAGE_DIMENSION_PX) {
    throw new ImageInputError(`${displayPath} is ${width}×${height} pixels; the model accepts images up to ${MAX_IMAGE_DIMENSION_PX}×${MAX_IMAGE_DIMENSION_PX}. Scale it down first.`);
  }
  const data = content.toString('base64');
  if (data.length > MAX_IMAGE_BASE64_BYTES) {
    throw new ImageInputError(
      `${displayPath} is ${formatBytes(content.length)} (${formatBytes(data.length)} once encoded); the model accepts images up to ${formatBytes(MAX_IMAGE_BASE64_BYTES)} encoded, ` +
        `about ${formatBytes((MAX_IMAGE_BASE64_BYTES * 3) / 4)} of file. Compress or scale it down first.`,
    );
  }
  return { path: displayPath, mediaType, data, bytes: content.length, width, height };
}

function identify(content: Buffer, displayPath: string): { mediaType: ImageMediaType; width: number; height: number } {
  const supported = 'JPEG, PNG, GIF and WebP';
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
