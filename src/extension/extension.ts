import * as vscode from 'vscode';
import { dispatchLensCommand, registerCommands } from './commands';
import { SpecwrightContext } from './context';

let current: SpecwrightContext | undefined;

/**
 * Activated when the workspace has a `.kiro` folder, a view opens, or a command runs. Kept light:
 * it wires objects and registers commands; the language server and hooks start right after it
 * returns, and the core's heavy parts load on first use.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const ctx = new SpecwrightContext(context, (params) => dispatchLensCommand(ctx, params));
  current = ctx;
  context.subscriptions.push(ctx);
  registerCommands(ctx);
  ctx.start();
  ctx.log.info(`Specwright activated in ${(performance.now() - started).toFixed(1)} ms${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: specs are read and linted; no agent runs or hooks)'}`);
}

export async function deactivate(): Promise<void> {
  const ctx = current;
  current = undefined;
  await ctx?.shutdown();
}
