import * as vscode from 'vscode';
import type { Hook } from '../../core/hooks';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';

/** The hook a tree item names (`{hookId}`), read fresh from the service. */
function hookOf(ctx: SpecwrightContext, arg: unknown): Hook | undefined {
  const id = (arg as { hookId?: unknown } | undefined)?.hookId;
  return typeof id === 'string' ? ctx.hooks.find(id) : undefined;
}

const toggle = (enabled: boolean) => (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const hook = hookOf(ctx, arg);
  if (!hook) return;
  try {
    await ctx.hooks.setEnabled(hook, enabled);
  } catch (error) {
    await showFailure(`${enabled ? 'enabling' : 'disabling'} hook "${hook.name}"`, error, ctx.log);
  }
};

export const enableHook = toggle(true);
export const disableHook = toggle(false);

export const runHook = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const hook = hookOf(ctx, arg);
  if (!hook || !(await requireTrust('run hooks'))) return;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Specwright: running hook "${hook.name}"…` }, () => ctx.hooks.runNow(hook));
    const first = result.output.split('\n').find((l) => l.trim()) ?? '';
    if (result.ok) void vscode.window.showInformationMessage(`Specwright: hook "${hook.name}" succeeded.${first ? ` ${first.slice(0, 200)}` : ''}`);
    else if ((await vscode.window.showWarningMessage(`Specwright: hook "${hook.name}" ${result.ran ? 'failed' : 'did not run'}. ${first.slice(0, 300)}`, 'Show Log')) === 'Show Log') ctx.log.show(true);
    ctx.log.info(`hook "${hook.name}" output:\n${result.output}`);
  } catch (error) {
    await showFailure(`running hook "${hook.name}"`, error, ctx.log);
  }
};

export const openHookFile = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const hook = hookOf(ctx, arg);
  if (hook) await vscode.window.showTextDocument(vscode.Uri.file(ctx.hooks.absoluteFile(hook)));
};

export const refreshHooks = (ctx: SpecwrightContext) => async () => {
  await ctx.hooks.reload();
  ctx.views.hooks.refresh();
};
