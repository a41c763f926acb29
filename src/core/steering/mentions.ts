import type { SteeringCatalog, SteeringDoc, Skill } from './types';

/** A document a prompt can name with `#name`, as the panel's composer offers it. */
export interface MentionChoice {
  name: string;
  inclusion: 'manual' | 'auto' | 'fileMatch';
  /** The auto document's description, else its title (what the person reads to choose). */
  description: string;
  /** As people read it: `.kiro/steering/api-style.md`, `~/.kiro/steering/x.md`. */
  source: string;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 300;
const clip = (text: string) => (text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text);
const CHOICE_ORDER: Record<MentionChoice['inclusion'], number> = { manual: 0, auto: 1, fileMatch: 2 };

/**
 * What `#` completes to: steering documents a mention can bring in (manual ones join only this way;
 * auto and fileMatch ones may be brought in early), manual first. Always documents are in every
 * prompt already, and AGENTS.md / CLAUDE.md are not named by mention.
 */
export function mentionChoices(catalog: Pick<SteeringCatalog, 'docs'>): MentionChoice[] {
  const choices: MentionChoice[] = [];
  for (const doc of catalog.docs) {
    if (doc.origin !== 'steering' || doc.inclusion === 'always' || doc.name.length > MAX_NAME || !/^\w(?:[\w.-]*\w)?$/.test(doc.name)) continue;
    const description = clip((doc.inclusion === 'auto' && doc.description ? doc.description : doc.title).replace(/\s+/g, ' ').trim());
    choices.push({ name: doc.name, inclusion: doc.inclusion, description, source: doc.source });
  }
  return choices.sort((a, b) => CHOICE_ORDER[a.inclusion] - CHOICE_ORDER[b.inclusion] || a.name.localeCompare(b.name));
}

/** `#api-style` in a prompt; not `#[[file:…]]`, not a Markdown heading (`# Title`), not inside a word (`C#`). */
const MENTION = /(^|[^\w#[&])#(\w(?:[\w.-]*\w)?)(?![\w[])/g;

/** The documents a prompt names with `#name` (any mode may be named; manual ones only join this way). */
export function namedDocs(text: string, docs: readonly SteeringDoc[]): Array<{ doc: SteeringDoc; mention: string }> {
  const found: Array<{ doc: SteeringDoc; mention: string }> = [];
  for (const mention of mentionsIn(text)) {
    const doc = findByName(docs, mention);
    if (doc && !found.some((f) => f.doc === doc)) found.push({ doc, mention });
  }
  return found;
}

export function mentionsIn(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => m[2]!);
}

/** By name, case-insensitively; a document may also be named by its file name. */
export function findByName<T extends SteeringDoc | Skill>(items: readonly T[], name: string): T | undefined {
  const wanted = name.trim().replace(/^#/, '').toLowerCase();
  return (
    items.find((item) => item.name.toLowerCase() === wanted) ??
    items.find((item) => fileStem(item.source) === wanted || fileStem(item.source) === wanted.replace(/\.md$/, ''))
  );
}

function fileStem(source: string): string {
  return (source.split('/').pop() ?? source).replace(/\.md$/i, '').toLowerCase();
}

/**
 * Paths a text names: `src/api/user.ts`, `./lib/`, `package.json`, in backticks or not. URLs and
 * numbers (`1.2`) are not paths. Used to decide fileMatch steering before the agent touches anything.
 */
export function pathsNamedIn(text: string): string[] {
  const found = new Set<string>();
  const candidate = /(?:^|[\s`'"(\[<])(\.{0,2}\/?(?:[\w@.+-]+\/)*[\w@+-][\w@.+-]*(?:\.[A-Za-z][\w-]{0,9}|\/))(?=$|[\s`'"),:;!?>\]]|\.(?:\s|$))/gm;
  const withoutUrls = text.replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, ' ');
  for (const match of withoutUrls.matchAll(candidate)) {
    const raw = match[1]!;
    const cleaned = raw.replace(/^\.\//, '').replace(/^\/+/, '');
    if (!cleaned || cleaned.startsWith('..') || (!cleaned.includes('/') && !/\.[A-Za-z]/.test(cleaned))) continue;
    // "e.g." and "i.e." are not file names.
    if (/^(?:[a-z]\.)+[a-z]?$/i.test(cleaned)) continue;
    found.add(cleaned.replace(/\/$/, '') + (cleaned.endsWith('/') ? '/' : ''));
  }
  return [...found];
}

/**
 * The sections of design.md a task points to: those whose heading the task's text names (by title,
 * or by number after the word "design"). A task that names none points to no section.
 */
export function designSectionsFor(design: string, taskText: string): string[] {
  const lines = design.split(/\r?\n/);
  const headings: Array<{ index: number; level: number; title: string; number: string | null }> = [];
  lines.forEach((line, index) => {
    const heading = /^(#{2,4})\s+(.+?)\s*#*$/.exec(line);
    if (!heading) return;
    const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading[2]!)?.[1] ?? null;
    headings.push({ index, level: heading[1]!.length, title: heading[2]!.replace(/^\d+(?:\.\d+)*\.?\s+/, '').trim(), number });
  });
  const lowerTask = taskText.toLowerCase();
  const numbered = new Set([...lowerTask.matchAll(/design(?:\s+section)?[\s:§#]*(\d+(?:\.\d+)*)/g)].map((m) => m[1]!));
  const sections: string[] = [];
  headings.forEach((heading, i) => {
    const named = heading.title.length >= 4 && lowerTask.includes(heading.title.toLowerCase());
    if (!named && !(heading.number && numbered.has(heading.number))) return;
    const end = headings.slice(i + 1).find((h) => h.level <= heading.level)?.index ?? lines.length;
    sections.push(lines.slice(heading.index, end).join('\n'));
  });
  return sections;
}
