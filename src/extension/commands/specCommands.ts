import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OwnWriteRecorder } from '../../core/fs';
import type { ModelProvider } from '../../core/model';
import type { SpecFlow, SpecType, SpecWorkflowResult } from '../../core/workflow';
import type { SpecwrightContext } from '../context';
import { isCancellation, showFailure } from '../host/failureNotice';
import { withProgressNotification } from '../host/progress';
import { requireTrust } from '../host/workspaceTrust';
import { specTargetOf } from './commandArgs';
import { pickRoot, pickSpec } from './pickers';
import { nextStepText, phasesApprovedBeyond, workflowProgressText, workflowResultText } from './workflowText';
import { hostRuntime } from '../runtime/load';

/** New Spec: a name, the idea, the type and flow; then the first phase is written with a progress notification. */
export const newSpec = (ctx: SpecwrightContext) => async () => {
  const root = await pickRoot(ctx);
  if (!root) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; specs live in its .kiro/specs/.');
    return;
  }
  if (!(await requireTrust('write specs with the model'))) return;
  const { validateNewSpecName } = await hostRuntime();
  const name = await vscode.window.showInputBox({
    title: 'Specwright: New Spec (1/4)',
    prompt: 'Name of the spec: its folder under .kiro/specs/',
    placeHolder: 'user-login',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        validateNewSpecName(value.trim());
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  if (!name) return;
  const idea = await vscode.window.showInputBox({
    title: 'Specwright: New Spec (2/4)',
    prompt: 'The idea: what should be built (or, for a bugfix spec, the bug report)',
    placeHolder: 'Let users sign in with email and password, and stay signed in for 30 days',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? null : 'Describe the feature (or the bug) in a sentence or more.'),
  });
  if (!idea) return;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'Feature', description: 'requirements.md → design.md → tasks.md', value: 'feature' as SpecType },
      { label: 'Bugfix', description: 'bugfix.md → design.md → tasks.md', value: 'bugfix' as SpecType },
    ],
    { title: 'Specwright: New Spec (3/4)', placeHolder: 'Type of spec', ignoreFocusOut: true },
  );
  if (!type) return;
  const flows: Array<{ label: string; description: string; value: SpecFlow }> = [
    { label: 'Requirements first', description: 'write and approve one phase at a time', value: 'requirements-first' },
    ...(type.value === 'feature' ? [{ label: 'Design first', description: 'start from the technical design', value: 'design-first' as SpecFlow }] : []),
    { label: 'Quick', description: 'write every phase in one go', value: 'quick' },
  ];
  const flow = await vscode.window.showQuickPick(flows, { title: 'Specwright: New Spec (4/4)', placeHolder: 'Workflow', ignoreFocusOut: true });
  if (!flow) return;
  await runWorkflow(ctx, root, name.trim(), `Specwright: New Spec "${name.trim()}"`, async (env) => (await hostRuntime()).SpecWorkflow.createSpec({ ...env, name: name.trim(), idea, type: type.value, flow: flow.value }));
};

/** Approve Phase / Generate Next Phase: approves the phase under review and writes the next one. */
export const approvePhase = (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const target = specTargetOf(arg);
  const root = await pickRoot(ctx, target?.fsPath);
  if (!root) return;
  if (!(await requireTrust('write specs with the model'))) return;
  const { SpecWorkflow } = await hostRuntime();
  const name = target?.spec ?? (await pickSpec(root, 'Specwright: Approve Phase / Generate Next Phase', async (spec) => {
    const status = await SpecWorkflow.status(root, spec).catch(() => null);
    return status && !status.complete ? nextStepText(status) : null;
  }));
  if (!name) return;
  let status;
  try {
    status = await SpecWorkflow.status(root, name);
  } catch (error) {
    await showFailure(`reading spec "${name}"`, error, ctx.log);
    return;
  }
  if (status.complete) {
    void vscode.window.showInformationMessage(`Specwright: every phase of ${name} is approved.`);
    return;
  }
  // A lens on an earlier phase would also approve the later drafts: say so before doing it.
  const beyond = target?.phase ? phasesApprovedBeyond(status, target.phase) : [];
  if (beyond.length) {
    const go = 'Approve All';
    const choice = await vscode.window.showWarningMessage(`Specwright: ${beyond.join(' and ')} ${beyond.length === 1 ? 'is' : 'are'} also waiting for review. ${nextStepText(status)}?`, { modal: true }, go);
    if (choice !== go) return;
  }
  await runWorkflow(ctx, root, name, `Specwright: ${nextStepText(status)} (${name})`, (env) => SpecWorkflow.advance({ ...env, name }));
};

/** Lint Specs: every spec of every folder, problems to the log, a summary in a notification. */
export const lintSpecs = (ctx: SpecwrightContext) => async () => {
  const { lintWorkspaceSpecs, evidenceSource } = await hostRuntime();
  let specs = 0;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const root of ctx.roots()) {
    // The same evidence as the language server and `specwright spec lint`: tests, run logs, trace records.
    const evidence = evidenceSource(ctx.traceSources(root));
    for (const { spec, diagnostics } of await lintWorkspaceSpecs(root, undefined, { evidence })) {
      specs++;
      for (const d of diagnostics) {
        counts[d.severity]++;
        ctx.log.info(`${path.join(spec.dir, d.file)}:${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`);
      }
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const text = `Specwright: ${plural(specs, 'spec')} linted: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info.`;
  if (counts.error + counts.warning + counts.info === 0) void vscode.window.showInformationMessage(text);
  else if ((await vscode.window.showWarningMessage(text, 'Show Log')) === 'Show Log') ctx.log.show(true);
};

type WorkflowEnv = {
  workspace: string;
  provider: ModelProvider;
  signal: AbortSignal;
  onProgress: (p: Parameters<typeof workflowProgressText>[0]) => void;
  ownWrites: OwnWriteRecorder;
};

/** Runs one workflow call under a cancellable progress notification, then opens what it wrote. */
async function runWorkflow(ctx: SpecwrightContext, root: string, spec: string, title: string, call: (env: WorkflowEnv) => Promise<SpecWorkflowResult>): Promise<void> {
  let signal: AbortSignal | undefined;
  try {
    const result = await withProgressNotification(title, async (report, abort) => {
      signal = abort;
      report('Preparing…');
      const provider = await (await ctx.agentService()).textModel(root, { use: { source: 'spec', spec } });
      return call({ workspace: root, provider, signal: abort, onProgress: (p) => report(workflowProgressText(p)), ownWrites: ctx.storage.ownWrites(root) });
    });
    ctx.log.info(workflowResultText(result));
    ctx.views.specs.refresh();
    const written = result.outcomes.at(-1);
    if (written) await vscode.window.showTextDocument(vscode.Uri.file(written.path), { preview: false });
    void vscode.window.showInformationMessage(workflowResultText(result));
  } catch (error) {
    if (isCancellation(error, signal)) {
      void vscode.window.showInformationMessage('Specwright: spec generation cancelled; files written before the cancel are kept.');
      return;
    }
    await showFailure('writing the spec', error, ctx.log);
  }
}

