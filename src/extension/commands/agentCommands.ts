import * as vscode from 'vscode';
import { reviewFile } from '../agent/changeReview';
import { restoreWithPreview } from '../agent/checkpointActions';
import type { ResumePlan } from '../../core/agent';
import { filesWritten } from '../agent/runHistory';
import { transcriptFromLog } from '../agent/runTranscript';
import { newerTranscript } from '../hooks/hookActivity';
import { openTaskPicks } from '../agent/taskPicks';
import type { SpecwrightContext } from '../context';
import { rootHint, runIdOf, specTargetOf, taskTargetOf } from './commandArgs';
import { pickCustomAgent, pickRoot, pickSpec } from './pickers';
import { hostRuntime } from '../runtime/load';

/** Execute Task with Agent: from a lens, a tree item, code (`{specName, taskId}`), or a pick of open tasks. */
export const executeTask = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = taskTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (root) await runPickedTask(ctx, root, arg);
};

/**
 * Execute Task as Custom Agent…: one of the custom agents (`.kiro/agents`, `~/.kiro/agents`) does
 * the task, with its prompt and resources, tools, model and rules; `{agent}` in the argument skips
 * the agent pick. Its welcome message is shown when it is picked.
 */
export const executeTaskAsAgent = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = taskTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (!root) return;
  const given = (arg as { agent?: unknown } | undefined)?.agent;
  const agent = typeof given === 'string' && given.trim() ? given.trim() : await pickCustomAgent(root);
  if (agent) await runPickedTask(ctx, root, arg, agent);
};

/** The task given (a lens, a tree item, `{specName, taskId}`), else one picked from the open tasks. */
async function runPickedTask(ctx: SpecwrightContext, root: string, arg: unknown, agent?: string): Promise<void> {
  const target = taskTargetOf(arg);
  const as = agent !== undefined ? { agent } : {};
  if (target) return ctx.agent.run({ root, spec: target.spec, selection: { kind: 'task', id: target.taskId }, ...as });
  const { listSpecs, loadSpec } = await hostRuntime();
  const specs = await Promise.all((await listSpecs(root)).map(async (s) => ({ spec: s.name, tasks: (await loadSpec(root, s.name).catch(() => null))?.tasks?.allTasks ?? [] })));
  const picks = openTaskPicks(specs);
  if (!picks.length) {
    void vscode.window.showInformationMessage('Specwright: every task of every spec is done (or there are no tasks yet).');
    return;
  }
  const title = agent !== undefined ? `Specwright: Execute Task as ${agent}` : 'Specwright: Execute Task with Agent';
  const picked = await vscode.window.showQuickPick(picks, { title, placeHolder: 'Task to execute', matchOnDescription: true });
  if (picked) await ctx.agent.run({ root, spec: picked.spec, selection: { kind: 'task', id: picked.taskId }, ...as });
}

/** Run All Tasks: every open task of a spec, in order. */
export const runAllTasks = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = specTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (!root) return;
  const spec = target?.spec ?? (await pickSpec(root, 'Specwright: Run All Tasks'));
  // `{agent}` from code (the composer, with a custom agent picked): the tasks run as that agent.
  const agent = (arg as { agent?: unknown } | undefined)?.agent;
  if (spec) await ctx.agent.run({ root, spec, selection: { kind: 'all' }, ...(typeof agent === 'string' && agent.trim() ? { agent: agent.trim() } : {}) });
};

/**
 * Run All Tasks (parallel): every open task of a spec, top-level tasks side by side as their
 * `_Depends:_` lines allow (up to specwright.agents.maxParallel), each in a worktree of its own.
 */
export const runAllTasksParallel = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = specTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (!root) return;
  const spec = target?.spec ?? (await pickSpec(root, 'Specwright: Run All Tasks (parallel)'));
  if (spec) await ctx.agent.run({ root, spec, selection: { kind: 'all' }, parallel: true });
};

/** Verify Spec Against Code: the model checks each criterion (a task's, when given one) and the panel lists the verdicts. */
export const verifySpec = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const task = taskTargetOf(arg);
  const target = task ?? specTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath ?? rootHint(arg));
  if (!root) return;
  const spec = target?.spec ?? (await pickSpec(root, 'Specwright: Verify Spec Against Code'));
  if (spec) await ctx.agent.verify({ root, spec, ...(task ? { taskId: task.taskId } : {}) });
};

export const stopAgent = (ctx: SpecwrightContext) => () => {
  if (!ctx.agent.stop()) void vscode.window.showInformationMessage('Specwright: no agent is running.');
};

/** Resume from Last Checkpoint: the last stopped or failed run's remaining tasks, keeping its changes. */
export const resume = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const found = await unfinishedRun(ctx, arg);
  if (!found) return;
  const { root, plan } = found;
  await ctx.agent.run({ root, spec: plan.spec, selection: plan.selection, resumeNote: plan.note });
};

/** Discard Changes and Restart: back to the checkpoint before the unfinished task, then run it again. */
export const discardAndRestart = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const found = await unfinishedRun(ctx, arg);
  if (!found) return;
  const { root, plan } = found;
  const first = plan.remaining[0]!;
  if (!plan.checkpointBeforeTask) {
    void vscode.window.showWarningMessage(`Specwright: run ${plan.runId} took no checkpoint before task ${first.id}, so its changes cannot be discarded automatically. Use Resume from Last Checkpoint, or undo the changes by hand.`);
    return;
  }
  if (!(await restoreWithPreview(ctx, root, plan.checkpointBeforeTask, 'discard'))) return;
  await ctx.agent.run({ root, spec: plan.spec, selection: plan.selection });
};

export const openActivity = (ctx: SpecwrightContext) => async () => {
  await ctx.hookActivity.ready;
  const shown = ctx.panel.shown;
  // Hooks that ran after the shown (finished) run are what happened last: show them instead.
  const hooks = ctx.hookActivity.transcript;
  if (shown && hooks && !ctx.agent.current && newerTranscript(shown, hooks) === hooks) return ctx.panel.display(hooks);
  if (!shown) {
    const latest = await ctx.latestTranscript();
    if (latest) return ctx.panel.display(latest);
  }
  ctx.panel.show();
};

/** Opens a past (or the running) run's log in the Agent Activity panel. */
export const openRun = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const runId = runIdOf(arg);
  if (!runId) return;
  const active = ctx.agent.current;
  if (active?.transcript.runId === runId) return ctx.panel.display(active.transcript);
  const root = await pickRoot(ctx, rootHint(arg));
  const record = root ? await ctx.storage.findRun(root, runId) : null;
  if (!record) {
    void vscode.window.showWarningMessage(`Specwright: no run log for run ${runId}.`);
    return;
  }
  ctx.panel.display(await transcriptFromLog(record.file, (file) => ctx.storage.readLog(file)));
};

/** Review Agent Changes: pick a file the shown (or last) run wrote, and see it in the diff editor. */
export const reviewChanges = (ctx: SpecwrightContext) => async () => {
  const active = ctx.agent.current;
  const pending = (active?.approvals.waiting() ?? []).flatMap((r) => (r.proposed?.kind === 'write' ? [r.proposed.path] : []));
  const transcript = ctx.panel.shown ?? (await ctx.latestTranscript());
  const written = transcript ? filesWritten(transcript.events) : [];
  const items = [
    ...pending.map((p) => ({ label: `$(question) ${p}`, description: 'proposed, waiting for approval', path: p })),
    ...written.map((f) => ({ label: `$(diff) ${f.path}`, description: `${f.change} · +${f.added} −${f.removed}`, path: f.path })),
  ];
  if (!items.length) {
    void vscode.window.showInformationMessage('Specwright: the agent has not changed any files in the shown run.');
    return;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Specwright: Review Agent Changes', placeHolder: 'File to review' });
  if (picked) await reviewFile(ctx, picked.path, transcript);
};

/** The newest run (of the spec in the arguments) when it left tasks undone: what Resume and Discard act on. */
async function unfinishedRun(ctx: SpecwrightContext, arg: unknown): Promise<{ root: string; plan: Extract<ResumePlan, { kind: 'resume' }> } | null> {
  const spec = specTargetOf(arg)?.spec;
  const root = await pickRoot(ctx, rootHint(arg));
  if (!root) return null;
  if (ctx.agent.current) {
    void vscode.window.showWarningMessage('Specwright: the agent is still running; stop it first.');
    return null;
  }
  const plan = await (await ctx.agentService()).planResume(root, spec);
  if (plan.kind !== 'resume') {
    void vscode.window.showInformationMessage(`Specwright: no stopped or failed run${spec ? ` of ${spec}` : ''} to pick up; the last run finished what it was asked to do.`);
    return null;
  }
  return { root, plan };
}

