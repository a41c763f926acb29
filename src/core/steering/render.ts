import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { expandFileReferences } from './fileReferences';
import type { IncludedSteering, Skill, SteeringCatalog } from './types';

export interface RenderOptions {
  /** `#[[file:…]]` references resolve inside it. */
  workspace: string;
  maxFileBytes?: number;
}

export interface RenderedSteering {
  text: string;
  /** `#[[file:…]]` references (or skill links) that could not be included, named by the document. */
  problems: Array<{ file: string; message: string }>;
}

/** One included document or skill as the model reads it, tagged with its name, source and why it is there. */
export async function renderIncluded(inclusion: IncludedSteering, options: RenderOptions): Promise<RenderedSteering> {
  const attributes = `name="${attr(inclusion.name)}" source="${attr(inclusion.source)}" inclusion="${inclusion.inclusion}"`;
  if (inclusion.skill) {
    const { text, problems } = await renderSkill(inclusion.skill, options);
    return { text: `<skill ${attributes}>\n${text}\n</skill>`, problems };
  }
  const doc = inclusion.doc!;
  const expanded = await expandFileReferences(doc.body, { root: options.workspace, ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}) });
  const problems = expanded.problems.map((p) => ({ file: doc.source, message: `#[[file:${p.reference}]] ${p.message}` }));
  return { text: `<steering ${attributes}>\n${expanded.text.trim()}\n</steering>`, problems };
}

export async function renderAll(inclusions: readonly IncludedSteering[], options: RenderOptions): Promise<RenderedSteering> {
  const rendered = await Promise.all(inclusions.map((i) => renderIncluded(i, options)));
  return { text: rendered.map((r) => r.text).join('\n\n'), problems: rendered.flatMap((r) => r.problems) };
}

/**
 * The stable listing of what the model may load with the steering tool: auto documents and skills,
 * by name and description. It depends only on the files, so it belongs in the cached prefix.
 */
export function requestableListing(catalog: Pick<SteeringCatalog, 'docs' | 'skills'>): string | null {
  const auto = catalog.docs.filter((d) => d.inclusion === 'auto');
  if (!auto.length && !catalog.skills.length) return null;
  const lines = ['Load these with the steering tool (by name) when they apply to the work; each loads once:'];
  for (const doc of auto) lines.push(`- ${doc.name} (steering): ${oneLine(doc.description ?? doc.title)}`);
  for (const skill of catalog.skills) lines.push(`- ${skill.name} (skill): ${oneLine(skill.description)}`);
  return `<steering-available>\n${lines.join('\n')}\n</steering-available>`;
}

const MAX_LINKED_FILES = 8;
const MARKDOWN_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** A skill's body, then the files it links to inside its own folder (capped, never outside it). */
async function renderSkill(skill: Skill, options: RenderOptions): Promise<RenderedSteering> {
  const problems: RenderedSteering['problems'] = [];
  const parts = [skill.body.trim()];
  const folder = await fs.realpath(skill.folder).catch(() => skill.folder);
  const seen = new Set<string>();
  for (const match of skill.body.matchAll(MARKDOWN_LINK)) {
    const target = decodeURI(match[1]!.split('#')[0]!);
    if (!target || /^[a-z][\w+.-]*:/i.test(target) || path.isAbsolute(target) || seen.has(target)) continue;
    seen.add(target);
    if (seen.size > MAX_LINKED_FILES) break;
    const real = await fs.realpath(path.resolve(skill.folder, target)).catch(() => null);
    const relative = real ? path.relative(folder, real) : '..';
    if (!real || relative.startsWith('..') || path.isAbsolute(relative)) {
      problems.push({ file: skill.source, message: `links to ${target}, which is not a file inside the skill's folder` });
      continue;
    }
    if (!(await fs.stat(real)).isFile()) continue;
    const buffer = await fs.readFile(real);
    const max = options.maxFileBytes ?? 64 * 1024;
    const cut = buffer.length > max ? `\n[… ${buffer.length - max} more bytes not included]` : '';
    parts.push(`<file path="${attr(target)}">\n${buffer.subarray(0, max).toString('utf8').trimEnd()}${cut}\n</file>`);
  }
  return { text: parts.join('\n\n'), problems };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
