export { loadSteering, walkWorkspace, type LoadSteeringOptions } from './loader';
export { parseSteeringFile, readSteeringFile, splitFrontMatter, type SteeringFileInfo } from './frontMatter';
export { SteeringTracker, steeringForContext, type KnownFile, type SteeringStart, type SteeringRequestResult } from './tracker';
export { renderIncluded, renderAll, requestableListing, type RenderedSteering, type RenderOptions } from './render';
export { expandFileReferences, fileReferencesIn, FILE_REFERENCE } from './fileReferences';
export { namedDocs, mentionsIn, mentionChoices, pathsNamedIn, designSectionsFor, findByName, type MentionChoice } from './mentions';
export { explainTaskSteering, taskStart, type TaskSteeringExplanation } from './explain';
export { lintSteeringFile, type SteeringDiagnostic, type SteeringLintOptions } from './lint';
export { STEERING_TOOL, steeringToolDefinition } from './tool';
export { steeringDocumentText, steeringNameProblem, writeSteeringDocument, type NewSteeringDocument } from './newDocument';
export { isStarterName, MAX_STARTER_CHARS, SAVE_STARTER_TOOL, STARTER_NAMES, STARTER_PURPOSE, starterDocumentText, starterFile, startersPrompt, type StarterName } from './starters';
export {
  INCLUSION_MODES,
  type IncludedSteering,
  type InclusionMode,
  type Skill,
  type SteeringCatalog,
  type SteeringDoc,
  type SteeringInclusion,
  type SteeringOrigin,
  type SteeringScope,
  type SteeringWarning,
} from './types';
/** @deprecated the catalog is a SteeringCatalog now. */
export type { SteeringCatalog as SteeringLoadResult } from './types';
