import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InclusionMode } from '../../core/steering';
import type { SpecwrightContext } from '../context';
import { hostRuntime } from '../runtime/load';
import type { SteeringRow } from '../views/steeringNodes';

const MODE_DETAIL: Record<InclusionMode, string> = {
  always: 'In every task and prompt',
  fileMatch: 'When the work touches a file the pattern matches',
  manual: 'When a prompt or task names it as #name',
  auto: 'Listed by its description; the agent loads it when it applies',
};

/** New Steering Document: a name, a mode (and its pattern or description), then the file opens. */
export const newSteeringDocument = (ctx: SpecwrightContext) => async () => {
  const root = ctx.primaryRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; steering documents live in its .kiro/steering.');
    return;
  }
  const { INCLUSION_MODES, steeringDocumentText, steeringNameProblem } = await hostRuntime();
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
  const file = path.join(folder, `${name}.md`);
  try {
    await mkdir(folder, { recursive: true });
    // 'wx': never overwrite a file that appeared since the name was checked.
    await writeFile(file, steeringDocumentText({ name, inclusion, ...(fileMatchPatterns ? { fileMatchPatterns } : {}), ...(description ? { description } : {}) }), { flag: 'wx' });
  } catch (error) {
    void vscode.window.showErrorMessage(`Specwright: could not write .kiro/steering/${name}.md: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  ctx.views.steering.refresh();
  await vscode.window.showTextDocument(vscode.Uri.file(file));
};

export const refreshSteering = (ctx: SpecwrightContext) => () => ctx.views.steering.refresh();

/** Opens the file a row of the Steering view names, at a warning's line. */
export const openSteeringFile = () => async (arg?: unknown) => {
  const row = arg as Partial<SteeringRow> | undefined;
  if (typeof row?.file !== 'string') return;
  const line = typeof row.line === 'number' ? row.line : 0;
  await vscode.window.showTextDocument(vscode.Uri.file(row.file), { selection: new vscode.Range(line, 0, line, 0) });
};
