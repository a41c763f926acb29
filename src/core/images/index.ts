/**
 * Images for the model: the formats and limits, the checks on an image's bytes and the content
 * blocks that carry it. Free of Node's file system, so the panel's browser bundle checks pasted
 * images with the same limits; reading image files is in files.ts, for the core's own readers.
 */
export { imageFromBytes, pastedImageProblem, isImageMediaType, ImageInputError, type ModelImage } from './imageFile';
export { imageBlock, imageNotes, promptContent, toolResultContent, type ToolOutput } from './contentBlocks';
export {
  IMAGE_EXTENSIONS,
  IMAGE_MEDIA_TYPES,
  MAX_IMAGE_BASE64_BYTES,
  MAX_IMAGE_DIMENSION_PX,
  MAX_IMAGE_FILE_BYTES,
  MAX_IMAGES_PER_REQUEST,
  formatBytes,
  type ImageMediaType,
} from './limits';
