import { globMatches } from '../fs';
import { findByName, namedDocs, pathsNamedIn } from './mentions';
import type { IncludedSteering, Skill, SteeringCatalog, SteeringDoc } from './types';

/** Files known before the agent starts, and where each was seen (`task`, `design`, `editor`). */
export interface KnownFile {
  path: string;
  seenIn: string;
}

export interface SteeringStart {
  /** The task's text or the prompt: `#name` mentions and file names in it count. */
  text?: string;
  /** More files the work is about: named in the design section, open in the active editor. */
  files?: KnownFile[];
  /** What `text` is, as the reasons name where a file was seen: `task` (default) or `prompt`. */
  textKind?: string;
}

export type SteeringRequestResult =
  | { status: 'included'; inclusion: IncludedSteering }
  | { status: 'already'; inclusion: IncludedSteering }
  | { status: 'unknown'; available: string[] };

/**
 * Decides what steering the agent gets and when, for one task or prompt. What it starts with
 * (always documents, root AGENTS.md, `#name` mentions, fileMatch documents for files the task names)
 * goes into the system prompt; what joins later (fileMatch and folder AGENTS.md for files the agent
 * touches, auto documents and skills it asks for) is returned once, the first time, for the caller to
 * add after the cached prefix. Pure bookkeeping: reading and rendering bodies is renderSteering's.
 */
export class SteeringTracker {
  private readonly given = new Map<string, IncludedSteering>();

  constructor(private readonly catalog: Pick<SteeringCatalog, 'docs' | 'skills'>) {}

  /** Everything included so far, in the order it was included. */
  get included(): IncludedSteering[] {
    return [...this.given.values()];
  }

  /** Documents and skills that could still join, with their mode. */
  available(): Array<{ name: string; inclusion: IncludedSteering['inclusion'] }> {
    const docs = this.catalog.docs.filter((d) => !this.given.has(keyOf(d))).map((d) => ({ name: d.name, inclusion: d.inclusion }));
    const skills = this.catalog.skills.filter((s) => !this.given.has(skillKey(s))).map((s) => ({ name: s.name, inclusion: 'skill' as const }));
    return [...docs, ...skills];
  }

  /** What the work starts with. */
  start(start: SteeringStart = {}): IncludedSteering[] {
    const added: IncludedSteering[] = [];
    for (const doc of this.catalog.docs) {
      if (doc.inclusion === 'always' && doc.folder === undefined) added.push(...this.add(doc, 'always'));
    }
    for (const { doc, mention } of namedDocs(start.text ?? '', this.catalog.docs)) added.push(...this.add(doc, `manual: #${mention}`));
    const files: KnownFile[] = [...pathsNamedIn(start.text ?? '').map((path) => ({ path, seenIn: start.textKind ?? 'task' })), ...(start.files ?? [])];
    for (const file of files) added.push(...this.touchOne(file.path, file.seenIn));
    return added;
  }

  /** A later message (the person's, mid-task): its `#name` mentions and the files it names. */
  mention(text: string): IncludedSteering[] {
    const added: IncludedSteering[] = [];
    for (const { doc, mention } of namedDocs(text, this.catalog.docs)) added.push(...this.add(doc, `manual: #${mention}`));
    for (const path of pathsNamedIn(text)) added.push(...this.touchOne(path, 'message'));
    return added;
  }

  /** The agent read, wrote, globbed or grepped into these files: what joins now (each document once). */
  touch(paths: readonly string[]): IncludedSteering[] {
    return paths.flatMap((p) => this.touchOne(p));
  }

  /** The model asked for a document or skill by name (the steering tool). */
  request(name: string): SteeringRequestResult {
    const doc = findByName(this.catalog.docs, name);
    const skill = doc ? undefined : findByName(this.catalog.skills, name);
    const key = doc ? keyOf(doc) : skill ? skillKey(skill) : null;
    if (!key) return { status: 'unknown', available: this.requestable() };
    const existing = this.given.get(key);
    if (existing) return { status: 'already', inclusion: existing };
    const reason = doc ? (doc.inclusion === 'auto' ? 'auto: requested' : `${doc.inclusion}: requested`) : 'skill: requested';
    const inclusion = doc ? this.add(doc, reason)[0]! : this.addSkill(skill!, reason);
    return { status: 'included', inclusion };
  }

  /** Names the model may ask for: auto documents and skills. */
  requestable(): string[] {
    return [...this.catalog.docs.filter((d) => d.inclusion === 'auto').map((d) => d.name), ...this.catalog.skills.map((s) => s.name)];
  }

  private touchOne(rawPath: string, seenIn?: string): IncludedSteering[] {
    const file = normalisePath(rawPath);
    if (!file || file.endsWith('/')) return [];
    const added: IncludedSteering[] = [];
    const where = seenIn ? ` (${seenIn})` : '';
    for (const doc of this.catalog.docs) {
      if (doc.inclusion !== 'fileMatch' || this.given.has(keyOf(doc))) continue;
      const pattern = doc.fileMatchPatterns.find((p) => globMatches(p, file));
      if (pattern !== undefined) added.push(...this.add(doc, `fileMatch: ${file} ~ ${pattern}${where}`));
    }
    // Nearest first: the AGENTS.md of the deepest folder speaks most specifically about the file.
    const folders = this.catalog.docs
      .filter((d) => d.folder !== undefined && (file === d.folder || file.startsWith(`${d.folder}/`)))
      .sort((a, b) => b.folder!.length - a.folder!.length);
    for (const doc of folders) added.push(...this.add(doc, `AGENTS.md: ${file}${where}`));
    return added;
  }

  private add(doc: SteeringDoc, reason: string): IncludedSteering[] {
    const key = keyOf(doc);
    if (this.given.has(key)) return [];
    const inclusion: IncludedSteering = { name: doc.name, source: doc.source, inclusion: doc.inclusion, reason, doc };
    this.given.set(key, inclusion);
    return [inclusion];
  }

  private addSkill(skill: Skill, reason: string): IncludedSteering {
    const inclusion: IncludedSteering = { name: skill.name, source: skill.source, inclusion: 'skill', reason, skill };
    this.given.set(skillKey(skill), inclusion);
    return inclusion;
  }
}

const keyOf = (doc: SteeringDoc) => `doc:${doc.source}`;
const skillKey = (skill: Skill) => `skill:${skill.source}`;

function normalisePath(raw: string): string {
  return raw.trim().replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

/** The documents a task gets before the agent touches anything; kept for callers of the first loader. */
export function steeringForContext(docs: SteeringDoc[], paths: string[] = []): SteeringDoc[] {
  const tracker = new SteeringTracker({ docs, skills: [] });
  tracker.start({ files: paths.map((path) => ({ path, seenIn: 'context' })) });
  const chosen = new Set(tracker.included.map((i) => i.doc));
  return docs.filter((d) => chosen.has(d));
}
