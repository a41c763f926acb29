import type { ContentBlockParam, ImageBlockParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ImageInputError, type ModelImage } from './imageFile';
import { MAX_IMAGES_PER_REQUEST } from './limits';

export function imageBlock(image: ModelImage): ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: image.mediaType, data: image.data } };
}

/** What the run log keeps of attached images: what each was, never its bytes. */
export function imageNotes(images: readonly ModelImage[]): Array<Omit<ModelImage, 'data'>> {
  return images.map(({ path, mediaType, bytes, width, height }) => ({ path, mediaType, bytes, width, height }));
}

/** What a tool reports: its text, and the images it read. */
export interface ToolOutput {
  content: string;
  images?: readonly ModelImage[];
}

/**
 * A tool_result's content: the plain text alone (as before images existed, so requests without
 * images keep their bytes), or the text followed by one image block per image.
 */
export function toolResultContent(output: ToolOutput): string | Array<TextBlockParam | ImageBlockParam> {
  if (!output.images?.length) return output.content;
  return [{ type: 'text', text: output.content }, ...output.images.map(imageBlock)];
}

/**
 * A user message with images: the images first, then the text, the order the model reads best.
 * `images` are already checked (readImageFile); at most MAX_IMAGES_PER_REQUEST.
 */
export function promptContent(text: string, images: readonly ModelImage[]): string | ContentBlockParam[] {
  if (images.length > MAX_IMAGES_PER_REQUEST) {
    throw new ImageInputError(`${images.length} images are attached; a message can carry at most ${MAX_IMAGES_PER_REQUEST}.`);
  }
  if (!images.length) return text;
  return [...images.map(imageBlock), ...(text.trim() ? [{ type: 'text' as const, text }] : [])];
}
