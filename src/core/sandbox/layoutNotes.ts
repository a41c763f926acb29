import * as path from 'node:path';
import { isAtOrUnder, type SandboxLayout } from './layout';

/** Paths named per line before "and N more": enough to recognise, short enough for a run header. */
const SHOWN = 8;

/**
 * What the sandbox does with this workspace, one line each with why, for the run header and
 * `specwright doctor`: a person sees that their `.env` is hidden from commands, or why a command
 * could not change `.vscode/`, before it happens. Paths are relative to the workspace, or `~/…`.
 */
export function layoutNotes(layout: SandboxLayout, home: string): string[] {
  const show = (p: string) => shownPath(p, layout.workspace, home);
  const notes: string[] = [];
  const hidden = [...layout.hiddenFiles, ...layout.hiddenDirs];
  const inWorkspace = hidden.filter((p) => isAtOrUnder(p, layout.workspace));
  const credentials = hidden.filter((p) => !isAtOrUnder(p, layout.workspace) && isAtOrUnder(p, home));
  const system = hidden.filter((p) => !isAtOrUnder(p, layout.workspace) && !isAtOrUnder(p, home));
  if (inWorkspace.length) notes.push(`hidden from commands (secrets files; the agent asks before reading one): ${listed(inWorkspace.map(show))}`);
  if (credentials.length) notes.push(`hidden from commands (your credentials and shell histories): ${listed(credentials.map(show))}`);
  if (system.length) notes.push(`hidden from commands (the system's secrets): ${listed(system)}`);
  const reopened = (dir: string) => layout.writableAgain.filter((p) => path.dirname(p) === dir).map((p) => path.basename(p));
  const readOnly = layout.readOnly.map((p) => {
    const again = reopened(p);
    return again.length ? `${show(p)} (except ${again.join(', ')})` : show(p);
  });
  if (readOnly.length) notes.push(`read-only for commands (a change there would run outside the sandbox later, or change Specwright's settings): ${listed(readOnly)}`);
  if (layout.missingProtected.length) notes.push(`may not be created by commands (for the same reason): ${listed(layout.missingProtected.map(show))}`);
  if (layout.writable.length) notes.push(`writable besides the workspace and a private /tmp (tool caches, your sandbox.writablePaths): ${listed(layout.writable.map(show))}`);
  return [...notes, ...layout.notes];
}

function shownPath(p: string, workspace: string, home: string): string {
  if (isAtOrUnder(p, workspace)) return path.relative(workspace, p) || '.';
  if (isAtOrUnder(p, home)) return `~/${path.relative(home, p)}`;
  return p;
}

function listed(items: string[]): string {
  const sorted = [...new Set(items)].sort();
  return sorted.length > SHOWN ? `${sorted.slice(0, SHOWN).join(', ')} and ${sorted.length - SHOWN} more` : sorted.join(', ');
}
