/**
 * The OS sandbox around every command the agent runs (execute_bash, verification, hook commands),
 * and around local MCP servers (`wrapServer`: the same files, plus their package caches, and the network).
 *
 * Linux: bubblewrap. New user, pid, network, ipc, uts and cgroup namespaces; the host file system
 * read-only; writable: the workspace, a private /tmp and the tool caches (~/.npm, ~/.cache, plus the
 * user's `sandbox.writablePaths`); inside the workspace read-only again: `.git/` (but objects, refs
 * and logs), `.kiro/` (but specs and steering), `.vscode/`, `.idea/`, `.github/workflows/`,
 * `.husky/`, `.gitmodules`, nested repositories and every `mcp.json`; hidden (unreadable): the
 * policy's secrets files, the user's credential folders and shell histories. `.git`, `.kiro` and
 * `.vscode` that do not exist yet cannot be created either. No network, unless the user's own
 * settings allow named hosts, which are then reached through a filtering proxy.
 * macOS: the same rules as a Seatbelt profile.
 * Elsewhere, or with SPECWRIGHT_SANDBOX=off: commands run as they are and the status says why.
 */
export type { Sandbox, SandboxStatus, SandboxState, SandboxMechanism, CommandWrapper, WrapRequest, WrappedCommand, UserSandboxSettings, ServerWrapper, ServerWrapRequest } from './types';
export { prepareSandbox, sandboxReport, sandboxStatus, unsandboxed, type SandboxOptions } from './prepare';
export { layoutNotes } from './layoutNotes';
export { sandboxEnvironment, isWithheldVariable } from './environment';
export { readUserSandboxSettings, userSettingsFile } from './userSettings';
export { sandboxFailureNote } from './failureNotes';
export { domainAllowed, blockedMessage } from './networkProxy';
export { buildLayout, CREDENTIAL_PATHS, type SandboxLayout } from './layout';
export { describeSandbox } from './describe';
export { findProgram } from './bubblewrap';
export { HiddenByPrivateTmpError } from './privateTmp';
