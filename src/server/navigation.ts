import { MarkupKind, type Hover, type Location, type Position } from 'vscode-languageserver';
import { toLspRange } from './ranges';
import type { SpecFileState, SpecSnapshot } from './specIndex';
import { definitionAt, findTarget, referenceAt, sitesCiting, type ReferenceSite, type TraceTarget } from './traceLinks';

/**
 * Hover: on a reference, what it names (criterion text under its requirement's title); on a
 * criterion or requirement heading, who cites it.
 */
export function hover(snapshot: SpecSnapshot, file: SpecFileState, position: Position): Hover | null {
  const site = referenceAt(snapshot, file, position);
  if (site) {
    const target = findTarget(snapshot, site.id);
    const value = target ? describeTarget(target) : `**${site.id}** is not defined in this spec; correct the id or add the criterion to requirements.md.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: toLspRange(site.range) };
  }
  const target = definitionAt(snapshot, file, position);
  if (!target) return null;
  return { contents: { kind: MarkupKind.Markdown, value: describeCitations(target, sitesCiting(snapshot, target)) }, range: toLspRange(target.range) };
}

/** From a reference to where its criterion, requirement or bugfix statement is written. */
export function definition(snapshot: SpecSnapshot, file: SpecFileState, position: Position): Location | null {
  const site = referenceAt(snapshot, file, position);
  const target = site && findTarget(snapshot, site.id);
  return target ? { uri: target.file.uri, range: toLspRange(target.range) } : null;
}

/**
 * From a criterion (its list item), a requirement (its heading) or any reference to one: every
 * task and property that cites it.
 */
export function references(snapshot: SpecSnapshot, file: SpecFileState, position: Position, includeDeclaration: boolean): Location[] {
  const site = referenceAt(snapshot, file, position);
  const target = site ? findTarget(snapshot, site.id) : definitionAt(snapshot, file, position);
  if (!target) return [];
  const out = sitesCiting(snapshot, target).map((s) => ({ uri: s.file.uri, range: toLspRange(s.range) }));
  if (includeDeclaration) out.unshift({ uri: target.file.uri, range: toLspRange(target.range) });
  return out;
}

export function describeTarget(target: TraceTarget): string {
  const r = target.requirement;
  if (target.kind === 'criterion' && r) return `**Requirement ${r.id}: ${r.title}** — criterion ${target.id}\n\n${target.text}`;
  if (target.kind === 'requirement' && r) {
    const criteria = r.criteria.map((c) => `${c.id} ${c.text}`).join('\n\n');
    return `**Requirement ${r.id}: ${r.title}**${r.userStory ? `\n\n_${r.userStory}_` : ''}${criteria ? `\n\n${criteria}` : ''}`;
  }
  return `**Bugfix statement ${target.id}**\n\n${target.text}`;
}

function describeCitations(target: TraceTarget, sites: ReferenceSite[]): string {
  const owners = [...new Set(sites.map((s) => s.owner))];
  const what = target.kind === 'requirement' ? `Requirement ${target.id}` : `${target.kind === 'criterion' ? 'Criterion' : 'Statement'} ${target.id}`;
  if (owners.length === 0) return `${what} is not cited by any task or property yet.`;
  return `${what} is cited by ${owners.join(', ')}.`;
}
