import * as vscode from 'vscode';
import type { Hook } from '../../core/hooks';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { hookPicks } from '../hooks/hookPicks';
import { COMMANDS } from '../ids';

const CREATE_HOOK = 'Create Hook';
const OPEN_ACTIVITY = 'Open Agent Activity';

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
  if (hook) await runHookNow(ctx, hook);
};

/** Run Hook…: pick one of the loaded hooks and run it now, as the view's run action does. */
export const pickAndRunHook = (ctx: SpecwrightContext) => async () => {
  if (!(await requireTrust('run hooks'))) return;
  const { hooks, errors } = ctx.hooks.list();
  if (!hooks.length) {
    const broken = errors.length ? ` (${errors.length} hook file(s) did not load; see the Hooks view)` : '';
    const choice = await vscode.window.showInformationMessage(`Specwright: there are no hooks in .kiro/hooks${broken}.`, CREATE_HOOK);
    if (choice === CREATE_HOOK) await vscode.commands.executeCommand(COMMANDS.createHook);
    return;
  }
  const picked = await vscode.window.showQuickPick(hookPicks(hooks, (h) => ctx.hooks.lastRun(h)), {
    title: 'Specwright: Run Hook',
    placeHolder: 'The hook to run now',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  const hook = picked && ctx.hooks.find(picked.hookId);
  if (hook) await runHookNow(ctx, hook);
};

async function runHookNow(ctx: SpecwrightContext, hook: Hook): Promise<void> {
  if (!(await requireTrust('run hooks'))) return;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Specwright: running hook "${hook.name}"…` }, () => ctx.hooks.runNow(hook));
    const first = result.output.split('\n').find((l) => l.trim()) ?? '';
    ctx.log.info(`hook "${hook.name}" output:\n${result.output}`);
    const choice = result.ok
      ? await vscode.window.showInformationMessage(`Specwright: hook "${hook.name}" succeeded.${first ? ` ${first.slice(0, 200)}` : ''}`, OPEN_ACTIVITY)
      : await vscode.window.showWarningMessage(`Specwright: hook "${hook.name}" ${result.ran ? 'failed' : 'did not run'}. ${first.slice(0, 300)}`, OPEN_ACTIVITY, 'Show Log');
    if (choice === 'Show Log') ctx.log.show(true);
    else if (choice === OPEN_ACTIVITY) await vscode.commands.executeCommand(COMMANDS.openActivity);
  } catch (error) {
    await showFailure(`running hook "${hook.name}"`, error, ctx.log);
  }
}

export const openHookFile = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const hook = hookOf(ctx, arg);
  if (hook) await vscode.window.showTextDocument(vscode.Uri.file(ctx.hooks.absoluteFile(hook)));
};

export const refreshHooks = (ctx: SpecwrightContext) => async () => {
  await ctx.hooks.reload();
  ctx.views.hooks.refresh();
};
