import { MAX_IMAGES_PER_REQUEST, pastedImageProblem } from '../../../src/core/images';
import type { ComposerImage } from '../../../src/shared/panelMessages';

/** An image pasted or dropped into the composer, read and checked, waiting to go with the message. */
export interface PastedImage {
  /** Unique among the composer's images: the remove button and the host's errors name it. */
  name: string;
  mediaType: string;
  /** The bytes, base64-encoded (what the message carries). */
  data: string;
  bytes: number;
  /** A data: URL for the thumbnail (the panel's CSP allows data: images only). */
  preview: string;
}

/**
 * The files a paste or a drop carries: `files` (a dropped file, most pastes), else the `items` of
 * kind file (some clipboards list an image there only). Text is left to the text box.
 */
export function filesOf(transfer: DataTransfer | null): File[] {
  if (!transfer) return [];
  const files = [...transfer.files];
  if (files.length) return files;
  return [...transfer.items].filter((item) => item.kind === 'file').flatMap((item) => item.getAsFile() ?? []);
}

/**
 * Reads the files for the model, checked against the same limits as on the host (type, size, count
 * with the `held` images already attached): the ones that pass, and a sentence for each that does not.
 */
export async function readPastedImages(files: readonly File[], held: readonly PastedImage[]): Promise<{ images: PastedImage[]; problems: string[] }> {
  const images: PastedImage[] = [];
  const problems: string[] = [];
  const taken = new Set(held.map((image) => image.name));
  for (const file of files) {
    const name = uniqueName(file.name || `pasted image.${file.type.split('/')[1] ?? 'png'}`, taken);
    const problem = pastedImageProblem(name, file.type, file.size);
    if (problem) {
      problems.push(problem);
      continue;
    }
    if (held.length + images.length >= MAX_IMAGES_PER_REQUEST) {
      problems.push(`${name} was not attached: a message can carry at most ${MAX_IMAGES_PER_REQUEST} images.`);
      continue;
    }
    const preview = await dataUrlOf(file);
    taken.add(name);
    images.push({ name, mediaType: file.type, data: preview.slice(preview.indexOf(',') + 1), bytes: file.size, preview });
  }
  return { images, problems };
}

/** The image as a message carries it (and as the draft's saved state keeps it: the thumbnail is made again). */
export function composerImageOf({ name, mediaType, data }: PastedImage): ComposerImage {
  // Only the four types the model reads get past readPastedImages.
  return { name, mediaType: mediaType as ComposerImage['mediaType'], data };
}

/** An image the draft's saved state kept, held in the composer again with its thumbnail. */
export function pastedImageOf({ name, mediaType, data }: ComposerImage): PastedImage {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return { name, mediaType, data, bytes: Math.floor((data.length * 3) / 4) - padding, preview: `data:${mediaType};base64,${data}` };
}

/** `image.png`, then `image (2).png`: screenshots pasted one after another share a name. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) if (!taken.has(`${stem} (${n})${extension}`)) return `${stem} (${n})${extension}`;
}

function dataUrlOf(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}
