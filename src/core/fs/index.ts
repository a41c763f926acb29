export { writeFileAtomic, FileChangedOnDiskError, type AtomicWriteOptions } from './atomicWrite';
export { resolveInWorkspace, isInsideWorkspace, PathOutsideWorkspaceError, type WorkspacePath } from './workspacePath';
export { globMatches, globToRegExp, normalizeGlob } from './glob';
export { WorkspaceGitignore, isGitignoreFile } from './gitignore';
export { noOwnWrites, type FileContent, type OwnWrite, type OwnWriteRecorder } from './ownWrites';
export { copyMissingFiles } from './copyMissing';
