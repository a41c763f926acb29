import * as os from 'node:os';
import * as vscode from 'vscode';
import type { SpecwrightContext } from '../context';
import { agentRuntime, hostRuntime } from '../runtime/load';
import { setupNotice, setupReport, SHOW_DETAILS } from './setupNotice';

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
  const notice = setupNotice(results);
  if (notice.severity === 'information') {
    const choice = await vscode.window.showInformationMessage(notice.message, SHOW_DETAILS);
    if (choice) report.show(true);
    return results;
  }
  const choice = await vscode.window.showWarningMessage(notice.message, ...notice.buttons.map((b) => b.label), SHOW_DETAILS);
  const button = notice.buttons.find((b) => b.label === choice);
  if (button) await vscode.commands.executeCommand(button.command);
  else if (choice) report.show(true);
  return results;
};
