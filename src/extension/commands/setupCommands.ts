import * as os from 'node:os';
import * as vscode from 'vscode';
import type { CheckResult, CheckStatus, DoctorRemedy } from '../../core/doctor';
import type { SpecwrightContext } from '../context';
import { COMMANDS } from '../ids';
import { agentRuntime, hostRuntime } from '../runtime/load';

const MARKS: Record<CheckStatus, string> = { ok: '✓', problem: '✗', 'not checked': '·' };

/** The editor's way to do what a remedy offers: a button and what it runs. */
const REMEDY_BUTTONS: Record<DoctorRemedy['kind'], { label: string; command: string }> = {
  setApiKey: { label: 'Set API Key', command: COMMANDS.setApiKey },
  trustWorkspace: { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
};

let report: vscode.OutputChannel | undefined;

/**
 * Check Setup: the same checks as `specwright doctor`, with the key from the secret store and the
 * endpoint and model settings a run would use. The lines go to an output channel; problems come
 * with the buttons that fix them.
 */
export const checkSetup = (ctx: SpecwrightContext) => async () => {
  const root = ctx.primaryRoot() ?? null;
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Specwright: checking the setup…' }, async () => {
    const [{ runDoctor }, { loadSettings }, key] = await Promise.all([agentRuntime(), hostRuntime(), ctx.apiKeys.stored()]);
    const workspace = root ?? os.homedir();
    const settings = root ? await loadSettings(root, ctx.config.settingsOptions()).then((l) => l.settings.model, () => undefined) : undefined;
    const endpoint = ctx.config.endpoint;
    const model = ctx.config.model;
    return runDoctor({
      workspace,
      env: process.env,
      home: os.homedir(),
      workspaceTrusted: vscode.workspace.isTrusted,
      model: { ...(key ? { apiKey: key } : {}), ...(endpoint ? { baseUrl: endpoint } : {}), ...(model ? { model } : {}), ...(settings ? { settings } : {}) },
    });
  });
  report ??= ctx.own(vscode.window.createOutputChannel('Specwright Setup'));
  report.replace(setupReport(results, root));
  const problems = results.filter((r) => r.status === 'problem');
  if (problems.length === 0) {
    const choice = await vscode.window.showInformationMessage(`Specwright: the setup is ready (${results.length} checks).`, 'Show Details');
    if (choice) report.show(true);
    return results;
  }
  const buttons = [...new Set(problems.flatMap((p) => (p.remedy ? [p.remedy.kind] : [])))].map((kind) => REMEDY_BUTTONS[kind]);
  const first = problems[0]!;
  const summary = problems.length === 1 ? `${first.title}: ${first.detail}` : `${problems.length} problems, first ${first.title}: ${first.detail}`;
  const choice = await vscode.window.showWarningMessage(`Specwright: ${summary}`, ...buttons.map((b) => b.label), 'Show Details');
  const button = buttons.find((b) => b.label === choice);
  if (button) await vscode.commands.executeCommand(button.command);
  else if (choice) report.show(true);
  return results;
};

/** The report as text: one line per check, its findings under it, how to fix it. */
export function setupReport(results: readonly CheckResult[], root: string | null): string {
  const lines = [`Specwright setup check${root ? ` for ${root}` : ' (no folder open)'}`, ''];
  for (const result of results) {
    lines.push(`${MARKS[result.status]} ${result.title}: ${result.detail}`);
    for (const item of result.items ?? []) lines.push(`    ${item}`);
    if (result.fix) lines.push(`  fix: ${result.fix}${result.remedy ? ` (${REMEDY_BUTTONS[result.remedy.kind].label})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
