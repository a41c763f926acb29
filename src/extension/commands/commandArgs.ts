/**
 * Commands are called from the palette (no arguments), from tree items (the item's node), from
 * lens requests (`{specName, taskId, uri}`) and from code. These read what they need from any of them.
 */

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

export interface TaskTarget {
  spec: string;
  taskId: string;
  /** A file inside the workspace the task belongs to (tasks.md), to pick the folder in multi-root windows. */
  fsPath?: string;
}

export function taskTargetOf(arg: unknown): TaskTarget | null {
  const r = record(arg);
  if (!r) return null;
  const spec = str(r.specName) ?? str(r.spec);
  const taskId = str(r.taskId);
  if (!spec || !taskId) return null;
  const fsPath = str(r.fsPath) ?? fsPathOfUri(r.uri);
  return { spec, taskId, ...(fsPath ? { fsPath } : {}) };
}

export interface SpecTarget {
  spec: string;
  fsPath?: string;
  phase?: string;
}

export function specTargetOf(arg: unknown): SpecTarget | null {
  const r = record(arg);
  if (!r) return null;
  const spec = str(r.specName) ?? str(r.spec);
  if (!spec) return null;
  const fsPath = str(r.fsPath) ?? fsPathOfUri(r.uri);
  const phase = str(r.phase);
  return { spec, ...(fsPath ? { fsPath } : {}), ...(phase ? { phase } : {}) };
}

/** A folder named in the arguments (`root`), for commands called from code and the notifications. */
export function rootHint(arg: unknown): string | undefined {
  const root = (arg as { root?: unknown } | undefined)?.root;
  return typeof root === 'string' ? root : undefined;
}

export function runIdOf(arg: unknown): string | null {
  return str(record(arg)?.runId) ?? (typeof arg === 'string' && arg ? arg : null);
}

export function checkpointIdOf(arg: unknown): string | null {
  return str(record(arg)?.checkpointId) ?? null;
}

/** Lens arguments carry `uri` as a string (`file:///…`); tree nodes and code pass a vscode.Uri. */
function fsPathOfUri(uri: unknown): string | undefined {
  if (typeof uri === 'string') {
    if (!uri.startsWith('file://')) return undefined;
    try {
      return decodeURIComponent(new URL(uri).pathname).replace(/^\/([A-Za-z]:)/, '$1');
    } catch {
      return undefined;
    }
  }
  return str(record(uri)?.fsPath);
}

/** The workspace root a spec file belongs to: the part of its path before `/.kiro/specs/`. */
export function workspaceRootOfSpecFile(fsPath: string): string | null {
  const normalised = fsPath.replace(/\\/g, '/');
  const at = normalised.lastIndexOf('/.kiro/specs/');
  return at < 0 ? null : fsPath.slice(0, at);
}
