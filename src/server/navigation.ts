import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover, type Location, type Position } from 'vscode-languageserver';
import type { CriterionTrace, TraceReport } from '../core/trace';
import { toLspRange } from './ranges';
import type { SpecFileState, SpecSnapshot } from './specIndex';
import { definitionAt, findTarget, referenceAt, sitesCiting, type ReferenceSite, type TraceTarget } from './traceLinks';

/**
 * Hover: on a reference, what it names (criterion text under its requirement's title); on a
 * criterion or requirement heading, who cites it and, with the workspace's `trace`, the files its
 * tasks changed and the tests that cover it (links open them).
 */
export function hover(snapshot: SpecSnapshot, file: SpecFileState, position: Position, trace?: TraceHoverContext): Hover | null {
  const site = referenceAt(snapshot, file, position);
  if (site) {
    const target = findTarget(snapshot, site.id);
    const value = target ? describeTarget(target) : `**${site.id}** is not defined in this spec; correct the id or add the criterion to requirements.md.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: toLspRange(site.range) };
  }
  const target = definitionAt(snapshot, file, position);
  if (!target) return null;
  const citations = describeCitations(target, sitesCiting(snapshot, target));
  const traced = trace ? describeTrace(target, trace) : '';
  return { contents: { kind: MarkupKind.Markdown, value: traced ? `${citations}\n\n${traced}` : citations }, range: toLspRange(target.range) };
}

/** The spec's trace and the workspace root its paths are relative to. */
export interface TraceHoverContext {
  report: TraceReport;
  root: string;
}

const STATUS_WORDS: Record<CriterionTrace['status'], string> = {
  covered: 'covered: implemented and tested',
  untested: 'untested: implemented, but no test names it',
  unimplemented: 'unimplemented: no task citing it is done and no file is linked',
};

/** A criterion's files and tests, or a requirement's criteria by status. */
export function describeTrace(target: TraceTarget, { report, root }: TraceHoverContext): string {
  const byId = new Map(report.criteria.map((c) => [c.id, c]));
  if (target.kind === 'requirement') {
    const traced = target.covers.map((id) => byId.get(id)).filter((c): c is CriterionTrace => c !== undefined);
    if (!traced.length) return '';
    return traced.map((c) => `- ${c.id} — ${c.status}`).join('\n');
  }
  const c = byId.get(target.id);
  if (!c) return '';
  const link = (file: string, line?: number) => `[${markdownText(file)}${line ? `:${line}` : ''}](${pathToFileURL(path.join(root, file)).href}${line ? `#L${line}` : ''})`;
  const lines = [`**Status:** ${STATUS_WORDS[c.status]}`];
  if (c.tasks.length) lines.push(`**Tasks:** ${c.tasks.map((t) => `${t.id}${t.status === 'done' ? ' ✓' : ''} ${markdownText(t.title)}`).join(' · ')}`);
  if (c.files.length) lines.push(`**Files:** ${c.files.map((f) => `${link(f.path, f.lines?.start)} (task ${f.tasks.join(', ')})`).join(' · ')}`);
  if (c.tests.length) {
    const how = (t: CriterionTrace['tests'][number]) => (t.via ? ` (${t.via})` : t.source === 'verification' ? ' (ran in the task’s verification)' : '');
    lines.push(`**Tests:** ${c.tests.slice(0, 8).map((t) => `${link(t.file, t.line)} ${markdownText(t.name)}${how(t)}`).join(' · ')}${c.tests.length > 8 ? ` and ${c.tests.length - 8} more` : ''}`);
  }
  return lines.join('\n\n');
}

/** Text from the workspace (titles, test names) shown as text, never as markup. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
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
