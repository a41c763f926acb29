import type { Diagnostic } from '../spec';
import type { CodebaseSurvey, PropertyTestLibrary } from './codebaseSurvey';
import { tokensToChars, truncateText } from './contextBudget';
import { phaseFileName, type PhaseName, type SpecType } from './phases';
import { CODEBASE_TREE_NOTE, formatGuide, generationInstruction, refinementInstruction, repairInstruction } from './prompts';

/** A spec file as it stands, sent to the model verbatim. */
export interface PhaseDocument {
  phase: PhaseName;
  text: string;
}

export interface PromptContext {
  specName: string;
  type: SpecType;
  idea?: string;
  /** The steering documents that apply to every request (inclusion: always). */
  steering: Array<{ source: string; body: string }>;
  /** Only for the design phase. */
  codebase?: CodebaseSurvey;
  /** For the tasks phase: the project's property-based testing library (null: none detected). */
  propertyTests?: PropertyTestLibrary | null;
  /** The phases this one is written from, in flow order. */
  earlier: PhaseDocument[];
  /** Budget for the whole context; earlier phases always go in whole, the rest is cut to fit. */
  contextTokens: number;
}

const MANIFEST_MAX_CHARS = 4_000;

export function generationPrompt(phase: PhaseName, ctx: PromptContext): string {
  const file = phaseFileName(phase);
  const fixed = [header(ctx), ideaBlock(ctx), ...ctx.earlier.map(specFileBlock)];
  const task = [generationInstruction(phase, file, ctx.earlier.map((d) => phaseFileName(d.phase))), formatGuide(phase, ctx.type, hasRequirements(ctx), ctx.propertyTests)];
  return assemble(fixed, task, ctx);
}

export function refinementPrompt(phase: PhaseName, ctx: PromptContext, current: string, feedback: string): string {
  const file = phaseFileName(phase);
  const fixed = [header(ctx), ideaBlock(ctx), ...ctx.earlier.map(specFileBlock), tag('current-document', current.trimEnd(), { name: file }), tag('feedback', feedback)];
  const task = [refinementInstruction(file), formatGuide(phase, ctx.type, hasRequirements(ctx), ctx.propertyTests)];
  return assemble(fixed, task, ctx);
}

/** The repair round needs the earlier phases (for references) and the lint, not steering or the codebase. */
export function repairPrompt(phase: PhaseName, ctx: PromptContext, document: string, diagnostics: Diagnostic[]): string {
  const file = phaseFileName(phase);
  const lint = diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`).join('\n');
  return [
    header(ctx),
    ...ctx.earlier.map(specFileBlock),
    tag('document', document.trimEnd(), { name: file }),
    tag('lint', lint),
    repairInstruction(file),
    formatGuide(phase, ctx.type, hasRequirements(ctx), ctx.propertyTests),
  ].join('\n\n');
}

function assemble(fixed: string[], task: string[], ctx: PromptContext): string {
  const fixedBlocks = fixed.filter(Boolean);
  let room = tokensToChars(ctx.contextTokens) - [...fixedBlocks, ...task].join('\n\n').length;
  const supporting: string[] = [];
  // Steering is the user's own instruction, so it goes first; the codebase survey takes what is left.
  const sections: Array<[string, string[]]> = [
    ['steering', ctx.steering.map((d) => tag('file', d.body.trim(), { path: d.source }))],
    ['codebase', ctx.codebase ? codebaseItems(ctx.codebase) : []],
  ];
  for (const [name, items] of sections) {
    const section = fitSection(name, items, room - 2);
    if (!section) continue;
    supporting.push(section);
    room -= section.length + 2;
  }
  const [head, ...rest] = fixedBlocks;
  return [head, ...supporting, ...rest, ...task].filter(Boolean).join('\n\n');
}

/** Wraps as many items as fit in `<name>…</name>`, cutting the one that overflows. */
function fitSection(name: string, items: string[], maxChars: number): string {
  let left = maxChars - tag(name, '').length;
  const kept: string[] = [];
  for (const item of items) {
    const fitted = left > 0 ? fitBlock(item, left) : '';
    if (!fitted) break;
    kept.push(fitted);
    left -= fitted.length + 1;
  }
  return kept.length ? tag(name, kept.join('\n')) : '';
}

/** Cuts the inside of a `<tag>…</tag>` block so the whole block fits, keeping the closing tag. */
function fitBlock(block: string, maxChars: number): string {
  if (block.length <= maxChars) return block;
  const open = block.indexOf('\n') + 1;
  const close = block.lastIndexOf('\n');
  const inner = truncateText(block.slice(open, close), maxChars - open - (block.length - close));
  return inner ? `${block.slice(0, open)}${inner}${block.slice(close)}` : '';
}

function header(ctx: PromptContext): string {
  return `Spec: "${ctx.specName}" (${ctx.type === 'bugfix' ? 'bugfix' : 'feature'} spec in .kiro/specs/${ctx.specName}/)`;
}

function ideaBlock(ctx: PromptContext): string {
  return ctx.idea?.trim() ? tag('idea', ctx.idea.trim()) : '';
}

function specFileBlock(doc: PhaseDocument): string {
  return tag('spec-file', doc.text.replace(/\s+$/, ''), { name: phaseFileName(doc.phase) });
}

function codebaseItems(survey: CodebaseSurvey): string[] {
  const tree = `${survey.tree.join('\n')}${survey.treeTruncated ? '\n… (more files not listed)' : ''}`;
  const items = [tag('file-tree', `${CODEBASE_TREE_NOTE}\n${tree}`)];
  for (const m of survey.manifests) items.push(tag('file', truncateText(m.text.trim(), MANIFEST_MAX_CHARS), { path: m.file }));
  if (survey.readme) items.push(tag('file', survey.readme.head.trim(), { path: `${survey.readme.file} (first lines)` }));
  return items;
}

function hasRequirements(ctx: PromptContext): boolean {
  return ctx.earlier.some((d) => d.phase === 'requirements' || d.phase === 'bugfix');
}

function tag(name: string, body: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`).join('');
  return `<${name}${attrs}>\n${body}\n</${name}>`;
}
