import { imageFromBytes, ImageInputError, MAX_IMAGES_PER_REQUEST, pastedImageProblem, type ModelImage } from '../../core/images';
import { composerImageSchema } from '../../shared/panelProtocol';

/** An image as the panel sends it with a message (sendMessage's images). */
export interface SentImage {
  name: string;
  mediaType: string;
  data: string;
}

/**
 * The images a composer message carries, checked again where they arrive: the panel checked them
 * before sending, but what reaches the host is taken as untrusted. The limits first (named after
 * the image), then the shape (composerImageSchema), then the bytes themselves (format sniffed,
 * size in pixels). An error names the image; nothing is sent then. (A result rather than a throw:
 * the extension loads this lazily, in a bundle of its own, where the error's class is another.)
 */
export function composerImagesFrom(sent: readonly SentImage[]): { images: ModelImage[] } | { error: string } {
  try {
    return { images: checkedImages(sent) };
  } catch (error) {
    if (error instanceof ImageInputError) return { error: error.message };
    throw error;
  }
}

function checkedImages(sent: readonly SentImage[]): ModelImage[] {
  if (sent.length > MAX_IMAGES_PER_REQUEST) throw new ImageInputError(`${sent.length} images are attached; a message can carry at most ${MAX_IMAGES_PER_REQUEST}.`);
  return sent.map((image) => {
    // Four base64 characters carry three bytes: the size as the person's file had it.
    const problem = pastedImageProblem(image.name, image.mediaType, Math.floor((image.data.length * 3) / 4));
    if (problem) throw new ImageInputError(problem);
    const parsed = composerImageSchema.safeParse(image);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ImageInputError(`${image.name.slice(0, 200)} could not be read: its ${issue.path.join('.') || 'content'} ${issue.message}.`);
    }
    return imageFromBytes(Buffer.from(parsed.data.data, 'base64'), parsed.data.name);
  });
}
