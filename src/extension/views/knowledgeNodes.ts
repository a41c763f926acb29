import type { KnowledgeBase, KnowledgeBaseProblem, KnowledgeRemedy } from '../../core/knowledge';

/** A knowledge base with what is wrong with it, as the Steering view's Knowledge section lists it. */
export interface KnowledgeBaseState {
  base: KnowledgeBase;
  problem: KnowledgeBaseProblem | null;
}

/** One row of the Knowledge section, without VS Code types (so it is tested as plain data). */
export type KnowledgeRow =
  | { kind: 'knowledge-section'; label: string; description: string; tooltip: string }
  | {
      kind: 'knowledge-base';
      label: string;
      description: string;
      tooltip: string;
      /** The base's id: commands name it by id, never ambiguous. */
      id: string;
      name: string;
      /** What is wrong with it (the core's message), and the button a click offers to fix it. */
      problem?: string;
      fix?: KnowledgeFix;
      /** `knowledgeBase.ok`, `knowledgeBase.sourceMissing` or `knowledgeBase.indexUnreadable` (menus key on it). */
      contextValue: string;
    }
  | { kind: 'knowledge-empty'; label: string; description: string; tooltip: string }
  /** The registry itself cannot be read; a click opens it. */
  | { kind: 'knowledge-problem'; label: string; description: string; tooltip: string; file: string };

/** A typed remedy as a VS Code button: its label and the command behind it. */
export interface KnowledgeFix {
  button: string;
  action: 'add' | 'reindex' | 'remove' | 'rename';
  /** The base it acts on (by name, as the core's remedy names it). */
  name?: string;
}

/** The button that carries out a knowledge remedy; null where VS Code has none (the message says it). */
export function knowledgeFix(remedy: KnowledgeRemedy | undefined): KnowledgeFix | null {
  switch (remedy?.action) {
    case 'add':
      return { button: 'Add Knowledge Base…', action: 'add' };
    case 'update':
      return { button: `Reindex "${remedy.name}"`, action: 'reindex', name: remedy.name };
    case 'remove':
      return { button: `Remove "${remedy.name}"`, action: 'remove', name: remedy.name };
    case 'rename':
      return { button: 'Choose Another Name', action: 'rename' };
    default:
      return null;
  }
}

const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** When a base was last indexed, as a person reads it: the time today, else the day. */
export function indexedWhen(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'never';
  const pad = (n: number) => String(n).padStart(2, '0');
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}` : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The section's own row: "Knowledge" with how many bases, and the problems among them. */
export function knowledgeSectionRow(states: readonly KnowledgeBaseState[] | null): KnowledgeRow {
  const tooltip =
    'Folders indexed for search: the agent searches them with its knowledge tool, and so does Search Knowledge…. Indexes live in .kiro/.specwright/knowledge (git-ignored); your files are only read.';
  if (!states) return { kind: 'knowledge-section', label: 'Knowledge', description: 'cannot be read', tooltip };
  const problems = states.filter((s) => s.problem).length;
  const description = [states.length ? plural(states.length, 'base') : 'none yet', problems ? plural(problems, 'problem') : ''].filter(Boolean).join(' · ');
  return { kind: 'knowledge-section', label: 'Knowledge', description, tooltip };
}

/** The registry (bases.json) cannot be read: the core's message, and a click opens the file. */
export function knowledgeRegistryRow(message: string, file: string): KnowledgeRow {
  return { kind: 'knowledge-problem', label: 'bases.json cannot be read', description: message, tooltip: message, file };
}

/**
 * Each base: its name, then where it is, its files and chunks, its index kind and when it was last
 * indexed; a base whose folder is gone or whose index cannot be read is marked with what fixes it.
 */
export function knowledgeRows(states: readonly KnowledgeBaseState[], now: Date = new Date()): KnowledgeRow[] {
  if (!states.length) {
    return [{ kind: 'knowledge-empty', label: 'Add Knowledge Base…', description: 'index a folder for the agent to search', tooltip: 'Index a folder (docs, a library, notes) so the agent can search it with its knowledge tool.' }];
  }
  return states.map(({ base, problem }) => {
    const figures = `${plural(base.files, 'file')}, ${plural(base.chunks, 'chunk')}`;
    const when = indexedWhen(base.updatedAt, now);
    const fix = problem ? knowledgeFix(problem.remedy) : null;
    const state = problem?.code === 'source_missing' ? 'folder missing' : problem ? 'index unreadable' : `${figures} · ${base.indexType} · indexed ${when}`;
    return {
      kind: 'knowledge-base',
      label: base.name,
      // The folder is left out where the name says it already (a base named after its folder).
      description: base.source === base.name ? state : `${base.source} · ${state}`,
      tooltip: [
        `${base.name}: ${base.indexType} index of ${base.source}${base.agent ? ` (from agent ${base.agent})` : ''}`,
        `${figures}; last indexed ${base.updatedAt}`,
        // The agent's knowledge tool searches only bases inside the workspace (what it reads stays there).
        ...(isAbsoluteSource(base.source) ? ['Outside the workspace: Search Knowledge… searches it; the agent does not.'] : []),
        ...(base.include.length ? [`include: ${base.include.join(', ')}`] : []),
        ...(base.exclude.length ? [`exclude: ${base.exclude.join(', ')}`] : []),
        ...(problem ? [problem.message, fix ? `Fix: ${fix.button}.` : ''] : []),
      ]
        .filter(Boolean)
        .join('\n'),
      id: base.id,
      name: base.name,
      ...(problem ? { problem: problem.message } : {}),
      ...(fix ? { fix } : {}),
      contextValue: `knowledgeBase.${problem?.code === 'source_missing' ? 'sourceMissing' : problem ? 'indexUnreadable' : 'ok'}`,
    };
  });
}

/** A base records its source as an absolute path only when it is outside the workspace (core/knowledge). */
export function isAbsoluteSource(source: string): boolean {
  return source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}
