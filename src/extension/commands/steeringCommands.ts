import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InclusionMode, StarterName } from '../../core/steering';
import { NOTICE_ACTIONS } from '../agent/outcomeNotice';
import { COMMANDS } from '../ids';
import type { SpecwrightContext } from '../context';
import { hostRuntime } from '../runtime/load';
import { steeringExplainRows, type SteeringRow } from '../views/steeringNodes';
import { workspaceSteering } from '../views/steeringView';
import { rootHint, taskTargetOf } from './commandArgs';
import { pickRoot } from './pickers';

const MODE_DETAIL: Record<InclusionMode, string> = {
  always: 'In every task and prompt',
  fileMatch: 'When the work touches a file the pattern matches',
  manual: 'When a prompt or task names it as #name',
  auto: 'Listed by its description; the agent loads it when it applies',
};

/**
 * New Steering Document: Kiro's starters generated from the codebase while any is missing, or a
 * document of one's own: a name, a mode (and its pattern or description), then the file opens.
 */
export const newSteeringDocument = (ctx: SpecwrightContext) => async () => {
  const root = ctx.primaryRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; steering documents live in its .kiro/steering.');
    return;
  }
  const { INCLUSION_MODES, STARTER_NAMES, starterFile, steeringNameProblem, writeSteeringDocument } = await hostRuntime();
  const missingStarters = STARTER_NAMES.filter((starter) => !existsSync(path.join(root, starterFile(starter))));
  if (missingStarters.length) {
    const own = { label: 'A document of my own', detail: 'Name it, say when it reaches the agent, then write it' };
    const starters = {
      label: `Generate ${missingStarters.map((n) => `${n}.md`).join(', ')} from the codebase`,
      detail: "Kiro's starters (product, tech, structure): the agent surveys the workspace, read-only, and writes them",
    };
    const choice = await vscode.window.showQuickPick([own, starters], { title: 'Specwright: New Steering Document: what to write', placeHolder: 'What to write' });
    if (!choice) return;
    if (choice === starters) return generateSteeringDocuments(ctx)();
  }
  const folder = path.join(root, '.kiro', 'steering');
  const name = await vscode.window.showInputBox({
    title: 'Specwright: New Steering Document',
    prompt: 'Name (the file name, and the #name prompts mention it by)',
    placeHolder: 'api-style',
    validateInput: (value) => steeringNameProblem(value) ?? (existsSync(path.join(folder, `${value}.md`)) ? `.kiro/steering/${value}.md exists already.` : null),
  });
  if (name === undefined) return;
  const mode = await vscode.window.showQuickPick(
    INCLUSION_MODES.map((inclusion) => ({ label: inclusion, detail: MODE_DETAIL[inclusion] })),
    { title: `Specwright: when does ${name} reach the agent?`, placeHolder: 'Inclusion mode' },
  );
  if (!mode) return;
  const inclusion = mode.label;
  let fileMatchPatterns: string[] | undefined;
  let description: string | undefined;
  if (inclusion === 'fileMatch') {
    const patterns = await vscode.window.showInputBox({
      title: `Specwright: files ${name} is for`,
      prompt: 'A glob, or several separated by commas (written as a YAML list)',
      placeHolder: 'src/api/**/*.ts',
      validateInput: (value) => (value.split(',').some((p) => p.trim()) ? null : 'Give at least one pattern.'),
    });
    if (patterns === undefined) return;
    fileMatchPatterns = patterns.split(',').map((p) => p.trim()).filter(Boolean);
  }
  if (inclusion === 'auto') {
    description = await vscode.window.showInputBox({
      title: `Specwright: what ${name} is about`,
      prompt: 'The agent reads this to decide when to load the document',
      placeHolder: 'REST API conventions: routes, errors, pagination. Use when adding or changing endpoints.',
      validateInput: (value) => (value.trim() ? null : 'An auto document needs a description.'),
    });
    if (description === undefined) return;
  }
  let file: string;
  try {
    // Never over a file that appeared since the name was checked; recorded as Specwright's own write.
    file = await writeSteeringDocument(root, { name, inclusion, ...(fileMatchPatterns ? { fileMatchPatterns } : {}), ...(description ? { description } : {}) }, ctx.storage.ownWrites(root));
  } catch (error) {
    void vscode.window.showErrorMessage(`Specwright: could not write .kiro/steering/${name}.md: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  ctx.views.steering.refresh();
  await vscode.window.showTextDocument(vscode.Uri.file(file));
};

/**
 * Generate Steering Documents (Kiro's "Generate Steering Docs"): product.md, tech.md and structure.md
 * from a read-only survey of the workspace by the agent, shown in the panel. A document that exists
 * is replaced only when the person says so here; otherwise only the missing ones are written.
 */
export const generateSteeringDocuments = (ctx: SpecwrightContext) => async () => {
  const root = ctx.primaryRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; steering documents live in its .kiro/steering.');
    return;
  }
  const { STARTER_NAMES, starterFile } = await hostRuntime();
  const existing = new Map<StarterName, string>();
  for (const name of STARTER_NAMES) {
    const text = await readFile(path.join(root, starterFile(name)), 'utf8').catch(() => null);
    if (text !== null) existing.set(name, text);
  }
  let documents = [...STARTER_NAMES];
  const replace: Partial<Record<StarterName, string>> = {};
  if (existing.size) {
    const files = [...existing.keys()].map((n) => `${n}.md`).join(', ');
    const missing = STARTER_NAMES.filter((n) => !existing.has(n));
    const choice = await vscode.window.showWarningMessage(
      `Specwright: ${files} ${existing.size === 1 ? 'exists' : 'exist'} already in .kiro/steering. Replace with generated ${existing.size === 1 ? 'text' : 'documents'}?`,
      { modal: true, detail: missing.length ? `${missing.map((n) => `${n}.md`).join(', ')} will be generated either way.` : 'Keeping them leaves nothing to generate.' },
      'Replace',
      'Keep Mine',
    );
    if (!choice) return;
    if (choice === 'Replace') for (const [name, text] of existing) replace[name] = text;
    else documents = missing;
  }
  if (!documents.length) {
    void vscode.window.showInformationMessage('Specwright: product.md, tech.md and structure.md are all there; nothing to generate.');
    return;
  }
  const result = await ctx.agent.generateSteering({ root, documents, replace, ownWrites: ctx.storage.ownWrites(root) });
  if (!result) return;
  ctx.views.steering.refresh();
  const written = result.written.map((w) => path.basename(w.file));
  const problems = result.notWritten.map((n) => `${path.basename(n.file)}: ${n.reason}`);
  const text = `Specwright: ${written.length ? `wrote ${written.join(', ')} in .kiro/steering.` : 'wrote no steering document.'}${problems.length ? ` Not written: ${problems.join(' ')}` : ''}`;
  const open = written.length ? `Open ${written[0]}` : undefined;
  const show = problems.length || result.outcome !== 'completed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(text, ...(open ? [open] : []), NOTICE_ACTIONS.openActivity);
  if (choice === open && result.written[0]) await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, result.written[0].file)));
  else if (choice === NOTICE_ACTIONS.openActivity) await vscode.commands.executeCommand(COMMANDS.openActivity);
};

/**
 * Explain Steering for Task (a task's lens, or the palette): what the task gets before the agent
 * touches anything and why, and what may join later, as `specwright steering explain` says; a pick
 * opens the document.
 */
export const explainTaskSteering = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  let target = taskTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (!root) return;
  const { explainTaskSteering: explain, listSpecs, loadSpec } = await hostRuntime();
  if (!target) {
    const specs = await Promise.all((await listSpecs(root)).map(async (s) => ({ spec: s.name, tasks: (await loadSpec(root, s.name).catch(() => null))?.tasks?.allTasks ?? [] })));
    const picks = specs.flatMap(({ spec, tasks }) => tasks.map((t) => ({ label: `${t.id}. ${t.title}`, description: spec, spec, taskId: t.id })));
    if (!picks.length) {
      void vscode.window.showInformationMessage('Specwright: no spec has tasks yet.');
      return;
    }
    const picked = await vscode.window.showQuickPick(picks, { title: 'Specwright: Explain Steering for Task', placeHolder: 'Task', matchOnDescription: true });
    if (!picked) return;
    target = { spec: picked.spec, taskId: picked.taskId };
  }
  const spec = await loadSpec(root, target.spec).catch((error: unknown) => {
    void vscode.window.showWarningMessage(`Specwright: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (!spec) return;
  const task = spec.tasks?.allTasks.find((t) => t.id === target.taskId);
  if (!task) {
    void vscode.window.showWarningMessage(`Specwright: spec ${target.spec} has no task ${target.taskId}.`);
    return;
  }
  const catalog = await workspaceSteering(root);
  const tasksText = spec.files.tasks?.text ?? '';
  const explanation = explain(catalog, {
    ref: `${target.spec}:${task.id}`,
    text: tasksText.slice(task.range.start.offset, task.range.end.offset),
    ...(spec.files.design ? { design: spec.files.design.text } : {}),
  });
  const rows = steeringExplainRows(explanation, catalog);
  type Item = vscode.QuickPickItem & { file?: string };
  const items: Item[] = [];
  for (const group of ['included', 'available'] as const) {
    const inGroup = rows.filter((r) => r.group === group);
    if (!inGroup.length) continue;
    items.push({ label: group === 'included' ? 'Included from the start' : 'May join later', kind: vscode.QuickPickItemKind.Separator });
    items.push(...inGroup.map((r) => ({ label: r.label, description: r.description, detail: r.detail, ...(r.file ? { file: r.file } : {}) })));
  }
  if (!items.length) {
    void vscode.window.showInformationMessage(`Specwright: task ${task.id} of ${target.spec} gets no steering: this workspace has none (New Steering Document, or Generate Steering Documents).`);
    return;
  }
  const title = `Steering for ${target.spec} task ${task.id}: ${explanation.included.length} included, ${explanation.available.length} may join`;
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick one to open it', matchOnDetail: true });
  if (picked?.file) await vscode.window.showTextDocument(vscode.Uri.file(picked.file));
};

export const refreshSteering = (ctx: SpecwrightContext) => () => ctx.views.steering.refresh();

/** Opens the file a row of the Steering view names, at a warning's line. */
export const openSteeringFile = () => async (arg?: unknown) => {
  const row = arg as Partial<SteeringRow> | undefined;
  if (typeof row?.file !== 'string') return;
  const line = typeof row.line === 'number' ? row.line : 0;
  await vscode.window.showTextDocument(vscode.Uri.file(row.file), { selection: new vscode.Range(line, 0, line, 0) });
};
