import * as path from 'node:path';
import type { SteeringCatalog, SteeringWarning } from '../../core/steering';

/** One row of the Steering view, without VS Code types (so it is tested as plain data). */
export interface SteeringRow {
  kind: 'document' | 'skill' | 'warning';
  label: string;
  /** Beside the label: the mode and its patterns or description. */
  description: string;
  tooltip: string;
  /** The file a click opens; absent for a warning about a file that is gone. */
  file?: string;
  /** 0-based line to open at (a warning's). */
  line?: number;
  scope?: 'workspace' | 'user';
}

/** Each document with its mode, then skills, then what could not be read as written. */
export function steeringRows(catalog: SteeringCatalog, files: { workspace: string; home: string }): SteeringRow[] {
  const docs: SteeringRow[] = catalog.docs.map((doc) => {
    const mode =
      doc.inclusion === 'fileMatch'
        ? `fileMatch ${doc.fileMatchPatterns.join(', ') || '(no pattern)'}`
        : doc.folder !== undefined
          ? `for ${doc.folder}/`
          : doc.inclusion === 'auto'
            ? `auto: ${doc.description ?? ''}`.trim()
            : doc.inclusion;
    return {
      kind: 'document',
      label: doc.origin === 'steering' ? doc.name : doc.source,
      description: doc.scope === 'user' ? `${mode} · user` : mode,
      tooltip: [doc.source, `inclusion: ${doc.inclusion}`, doc.description ?? '', doc.inclusion === 'manual' ? `Mention it as #${doc.name} in a prompt or task.` : ''].filter(Boolean).join('\n'),
      file: doc.absolutePath,
      scope: doc.scope,
    };
  });
  const skills: SteeringRow[] = catalog.skills.map((skill) => ({
    kind: 'skill',
    label: skill.name,
    description: skill.scope === 'user' ? `skill · user` : 'skill',
    tooltip: `${skill.source}\n${skill.description}`,
    file: skill.absolutePath,
    scope: skill.scope,
  }));
  const warnings: SteeringRow[] = catalog.warnings.map((warning) => ({
    kind: 'warning',
    label: warning.file,
    description: warning.message,
    tooltip: warning.message,
    file: warningFile(warning, files),
    ...(warning.line ? { line: warning.line - 1 } : {}),
  }));
  return [...docs, ...skills, ...warnings];
}

/** A warning's file on disk: workspace-relative, or `~/…` in the user's home. */
export function warningFile(warning: SteeringWarning, files: { workspace: string; home: string }): string {
  return warning.file.startsWith('~/') ? path.join(files.home, warning.file.slice(2)) : path.join(files.workspace, warning.file);
}

/** One row of Explain Steering for Task: a document or skill, what it is, and why it joins (or when it may). */
export interface SteeringExplainRow {
  group: 'included' | 'available';
  label: string;
  /** Its mode. */
  description: string;
  /** Why it is included, or what would bring it in. */
  detail: string;
  file?: string;
}

/**
 * `steering explain`'s answer as rows: what the task gets before the agent touches anything (with
 * why), then what may join later and what would bring it in.
 */
export function steeringExplainRows(
  explanation: { included: ReadonlyArray<{ name: string; inclusion: string; reason: string }>; available: ReadonlyArray<{ name: string; inclusion: string }> },
  catalog: Pick<SteeringCatalog, 'docs' | 'skills'>,
): SteeringExplainRow[] {
  const fileOf = (name: string, inclusion: string) =>
    inclusion === 'skill' ? catalog.skills.find((s) => s.name === name)?.absolutePath : catalog.docs.find((d) => d.name === name)?.absolutePath;
  const included = explanation.included.map((i): SteeringExplainRow => ({ group: 'included', label: i.name, description: i.inclusion, detail: i.reason, ...withFile(fileOf(i.name, i.inclusion)) }));
  const available = explanation.available.map((a): SteeringExplainRow => ({ group: 'available', label: a.name, description: a.inclusion, detail: whatBringsIn(a, catalog), ...withFile(fileOf(a.name, a.inclusion)) }));
  return [...included, ...available];
}

function withFile(file: string | undefined): { file?: string } {
  return file ? { file } : {};
}

function whatBringsIn(item: { name: string; inclusion: string }, catalog: Pick<SteeringCatalog, 'docs' | 'skills'>): string {
  if (item.inclusion === 'skill') return 'when the agent asks for the skill';
  const doc = catalog.docs.find((d) => d.name === item.name);
  if (doc?.folder !== undefined) return `when the agent works on a file under ${doc.folder}/`;
  switch (item.inclusion) {
    case 'fileMatch':
      return `when the agent touches a file matching ${doc?.fileMatchPatterns.join(', ') || '(no pattern)'}`;
    case 'manual':
      return `when a message names it as #${item.name}`;
    case 'auto':
      return `when the agent asks for it: ${doc?.description ?? ''}`.trim();
    default:
      return '';
  }
}
