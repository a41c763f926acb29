import { existsSync, promises as fs, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { promptContent } from './contentBlocks';
import { ImageInputError, imageFromBytes, type ModelImage } from './imageFile';
import { formatBytes, IMAGE_EXTENSIONS, MAX_IMAGE_FILE_BYTES, MAX_IMAGES_PER_REQUEST } from './limits';

/*
 * Images from the file system: Node only, so outside the folder's index (which the panel's browser
 * bundle loads for the limits). The core's own readers (fs_read's Image mode, a chat prompt's named
 * files in core/agent) import this file.
 */

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

export interface PromptImagesOptions {
  /** Relative paths in the prompt are read from here. */
  cwd: string;
  /** For `~/…` paths; default the user's home. */
  home?: string;
}

/** A word of a prompt that names an image file (by its extension), found or not. */
export interface ImageReference {
  /** As written in the prompt, without quotes or trailing punctuation. */
  written: string;
  absolute: string;
  /** An existing file (not a folder). */
  exists: boolean;
  /**
   * Written as a path to an existing file would be (`./`, `../`, `/` or `~/` first): a missing one is
   * a mistake to report, where a bare `logo.png` may name a file still to be made.
   */
  explicit: boolean;
}

/**
 * The words (or quoted strings) of a prompt that end in .png, .jpg, .jpeg, .gif or .webp, resolved:
 * absolute, `~/` and relative paths (from `cwd`); a path with spaces needs quotes; URLs are not
 * paths. Each file once, in order.
 */
export function imageReferencesInPrompt(text: string, options: PromptImagesOptions): ImageReference[] {
  const home = options.home ?? os.homedir();
  const found: ImageReference[] = [];
  // A word runs to the next whitespace, except the narrow no-break space macOS puts before AM/PM in
  // screenshot names, which a pasted name keeps.
  const candidates = text.matchAll(/"([^"\n]+)"|'([^'\n]+)'|((?:[^\s]|\u202F)+)/g);
  for (const match of candidates) {
    const written = (match[1] ?? match[2] ?? match[3] ?? '').replace(/[),.;:!?]+$/, '');
    if (!IMAGE_EXTENSIONS.has(path.extname(written).toLowerCase()) || written.includes('://')) continue;
    const expanded = written === '~' || written.startsWith('~/') ? path.join(home, written.slice(1)) : written;
    const absolute = path.resolve(options.cwd, expanded);
    if (found.some((f) => f.absolute === absolute)) continue;
    let exists = false;
    try {
      exists = existsSync(absolute) && statSync(absolute).isFile();
    } catch {
      // Unreadable: not an attachment.
    }
    found.push({ written, absolute, exists, explicit: /^(?:\.{1,2}[\\/]|[\\/]|~[\\/])/.test(written) || path.isAbsolute(written) });
  }
  return found;
}

/**
 * The image files a prompt names, as a chat prompt attaches them: each word (or quoted string) that
 * ends in .png, .jpg, .jpeg, .gif or .webp and names an existing file. Absolute, `~/` and relative
 * paths are taken; a path with spaces needs quotes. Returns absolute paths, each once, in order.
 */
export function imagePathsInPrompt(text: string, options: PromptImagesOptions): string[] {
  return imageReferencesInPrompt(text, options)
    .filter((ref) => ref.exists)
    .map((ref) => ref.absolute);
}

/**
 * Turns a chat prompt and the image paths attached to it (given, or else found in the text) into
 * the content of a user message. Throws ImageInputError naming the file and the limit it breaks.
 */
export async function promptWithImages(text: string, options: PromptImagesOptions & { imagePaths?: readonly string[] }): Promise<string | ContentBlockParam[]> {
  const paths = options.imagePaths?.map((p) => path.resolve(options.cwd, p)) ?? imagePathsInPrompt(text, options);
  if (paths.length > MAX_IMAGES_PER_REQUEST) {
    throw new ImageInputError(`${paths.length} images are attached; a message can carry at most ${MAX_IMAGES_PER_REQUEST}.`);
  }
  const images: ModelImage[] = [];
  for (const file of paths) images.push(await readImageFile(file, displayName(file, options.cwd)));
  return promptContent(text, images);
}

function displayName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}
