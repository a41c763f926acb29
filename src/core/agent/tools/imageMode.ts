import { formatBytes, ImageInputError, MAX_IMAGES_PER_REQUEST, type ModelImage } from '../../images';
import { readImageFile } from '../../images/files';
import { ToolInputError, type ToolContext } from './types';
import { displayPath, resolveToolPath } from './workspaceFiles';

interface ImageOperation {
  mode: string;
  path?: string | undefined;
  image_paths?: string[] | undefined;
}

/** The paths of an Image operation: `image_paths`, or a lone `path` as models sometimes send. */
export function imagePaths(op: ImageOperation): string[] {
  const paths = pathsOf(op);
  if (!paths.length) throw new ToolInputError('Image mode needs image_paths: a list of image files.');
  return paths;
}

/** One call reads at most MAX_IMAGES_PER_REQUEST images, counting every Image operation in it. */
export function checkImageCount(all: readonly ImageOperation[]): void {
  const total = all.reduce((sum, o) => sum + (o.mode === 'Image' ? pathsOf(o).length : 0), 0);
  if (total > MAX_IMAGES_PER_REQUEST) {
    throw new ToolInputError(`${total} images were asked for; one call can read at most ${MAX_IMAGES_PER_REQUEST}. Read them in several calls.`);
  }
}

function pathsOf(op: ImageOperation): string[] {
  return op.image_paths?.length ? op.image_paths : op.path ? [op.path] : [];
}

export function summarizeImages(paths: readonly string[]): string {
  return paths.length === 1 ? `Looking at ${paths[0]}` : `Looking at ${paths.length} images: ${paths.join(', ')}`.slice(0, 120);
}

/**
 * Reads images for the model. The ones that pass every check are returned; the others are named
 * with the limit they break. Fails only when none could be read.
 */
export async function readImages(paths: readonly string[], ctx: ToolContext): Promise<{ images: ModelImage[]; text: string }> {
  const images: ModelImage[] = [];
  const problems: string[] = [];
  for (const requested of paths) {
    ctx.signal.throwIfAborted();
    const target = resolveToolPath(ctx.workspace, requested);
    const name = displayPath(target.relative);
    try {
      const image = await readImageFile(target.absolute, name);
      images.push(image);
      ctx.emit({ type: 'file_read', path: name, detail: `image ${image.width}×${image.height}, ${formatBytes(image.bytes)}` });
    } catch (error) {
      if (!(error instanceof ImageInputError)) throw error;
      problems.push(error.message);
    }
  }
  if (!images.length) throw new ToolInputError(problems.join('\n'));
  const lines = [`${images.length === 1 ? 'Image' : `${images.length} images`} attached below: ${images.map(describe).join('; ')}.`];
  if (problems.length) lines.push(`Not read: ${problems.join(' ')}`);
  return { images, text: lines.join('\n') };
}

function describe(image: ModelImage): string {
  return `${image.path} (${image.mediaType.slice(6).toUpperCase()}, ${image.width}×${image.height}, ${formatBytes(image.bytes)})`;
}
