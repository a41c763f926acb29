export { readImageFile, imageFromBytes, isImageMediaType, ImageInputError, type ModelImage } from './imageFile';
export { imageBlock, imageNotes, imagePathsInPrompt, imageReferencesInPrompt, type ImageReference, promptContent, promptWithImages, toolResultContent, type PromptImagesOptions, type ToolOutput } from './contentBlocks';
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
