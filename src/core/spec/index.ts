/**
 * The spec engine: reads Kiro's `.kiro/specs/<name>/` files (requirements, bugfix, design, tasks)
 * into models that remember where every node came from, edits them surgically, and lints them.
 * Parsing never throws and `serialize*(parse*(text)) === text` for any input.
 */
import type { BugfixDocument, DesignDocument, RequirementsDocument, SpecDocument, TasksDocument } from './types';

export type * from './types';
export { SourceText } from './sourceText';

export { parseTasks, STATUS_BY_MARK, MARK_BY_STATUS } from './tasksParser';
export { reparseTasks } from './tasksReparse';
export { parseRequirements } from './requirementsParser';
export { parseDesign } from './designParser';
export { parseBugfix } from './bugfixParser';
export { classifyEars, earsTemplate } from './ears';

export { findTask, setTaskStatusInText, setTaskStatusAt, isTaskStatus, TASK_STATUSES } from './taskEdits';
export { lintSpec, type SpecDocuments } from './lint';
export { propertiesWithTestTask } from './traceability';
export { lintWorkspaceSpecs, type SpecLintResult } from './workspaceLint';
export { declaredDependencies, dependencyIdsOf } from './dependencies';
export { findTaskLikeLines, TASK_LIKE_LINE_CODE, type TaskLikeLine } from './taskLikeLines';
export {
  listSpecs,
  loadSpec,
  updateTaskStatus,
  SPEC_FILE_NAMES,
  SPECS_FOLDER,
  type SpecSummary,
  type SpecFile,
  type LoadedSpec,
  type TaskStatusUpdate,
  type UpdateTaskStatusOptions,
} from './workspace';
export { SpecNotFoundError, SpecFileMissingError, TaskNotFoundError, AmbiguousTaskIdError, StaleTaskError, NotUtf8Error } from './errors';

/** Rebuilds a document's text from its lines: always the exact text it was parsed from. */
export function serializeDocument(doc: SpecDocument): string {
  return doc.source.serialize();
}
export const serializeTasks: (doc: TasksDocument) => string = serializeDocument;
export const serializeRequirements: (doc: RequirementsDocument) => string = serializeDocument;
export const serializeDesign: (doc: DesignDocument) => string = serializeDocument;
export const serializeBugfix: (doc: BugfixDocument) => string = serializeDocument;
