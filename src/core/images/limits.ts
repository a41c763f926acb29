/** The image formats the model reads, by the media type the Messages API names them with. */
export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/** Kiro CLI's limits for images a request may carry (its fs_read Image mode and chat attachments). */
export const MAX_IMAGE_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGES_PER_REQUEST = 10;

/**
 * The Messages API's own limits, tighter than Kiro's file size: it refuses an image whose base64
 * data passes 5 MB (about 3.75 MB of file) or whose width or height passes 8,000 pixels. A refused
 * image stays in the conversation and fails every later request, so it is stopped before it is sent.
 */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_DIMENSION_PX = 8_000;

/** File name extensions that name an image the model can read (for finding image paths in a prompt). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp']);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
