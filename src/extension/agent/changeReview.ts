import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../../core/agent';
import type { DiffViewer } from '../host/diffViewer';
import { showFailure } from '../host/failureNotice';
import type { ActiveRun } from './agentController';
import { firstCheckpoint } from './runHistory';
import type { RunStorage } from './runStorage';
import type { RunTranscript } from './runTranscript';
import { agentRuntime } from '../runtime/load';

/** What reviewing a file uses: the running agent's pending writes, the checkpoints, the diff editor. */
export interface ChangeReviewPorts {
  agent: { readonly current: ActiveRun | null; showProposedWrite(run: ActiveRun, request: ApprovalRequest): Promise<boolean> };
  primaryRoot(): string | undefined;
  storage: Pick<RunStorage, 'checkpointStore'>;
  diffs: Pick<DiffViewer, 'showText' | 'showChange'>;
  log: vscode.LogOutputChannel;
}

/**
 * Opens what the agent did to a file in VS Code's diff editor: a write still waiting for approval
 * as current ↔ proposed; a file the run wrote as checkpoint ↔ now; any other file plainly.
 */
export async function reviewFile(ctx: ChangeReviewPorts, relativePath: string, transcript: RunTranscript | null): Promise<void> {
  const active = ctx.agent.current;
  const normalised = relativePath.replace(/\\/g, '/');
  if (active) {
    const pending = active.approvals.waiting().find((r) => r.proposed?.kind === 'write' && r.proposed.path === normalised);
    if (pending && (await ctx.agent.showProposedWrite(active, pending))) return;
  }
  const root = transcript?.figures.workspace ?? ctx.primaryRoot();
  if (!root) return;
  const wrote = transcript?.events.some((e) => e.type === 'file_written' && e.path === normalised);
  const checkpointId = transcript ? firstCheckpoint(transcript.events) : null;
  if (!wrote || !checkpointId) return openPlain(root, normalised);
  try {
    await showChangeSinceCheckpoint(ctx, root, normalised, checkpointId);
  } catch (error) {
    await showFailure(`showing the changes to ${normalised}`, error, ctx.log);
  }
}

/** The file at the checkpoint against the file now. */
export async function showChangeSinceCheckpoint(ctx: ChangeReviewPorts, root: string, relativePath: string, checkpointId: string): Promise<void> {
  const store = await ctx.storage.checkpointStore(root);
  const diffs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Specwright: reading the checkpoint…' }, () => store.diff(checkpointId));
  const diff = diffs.find((d) => d.path === relativePath);
  if (!diff) {
    void vscode.window.showInformationMessage(`Specwright: ${relativePath} is the same as at checkpoint ${checkpointId.slice(0, 8)}.`);
    return openPlain(root, relativePath);
  }
  const current = await fs.readFile(path.join(root, relativePath), 'utf8').catch(() => null);
  const { textAtCheckpoint } = await agentRuntime();
  const before = textAtCheckpoint(current, diff);
  if (before === null && diff.change !== 'added') {
    // The exact old text cannot be rebuilt (binary, or a patch cut short): show the patch itself.
    await ctx.diffs.showText(`${relativePath}.diff`, diff.patch);
    return;
  }
  await ctx.diffs.showChange(root, relativePath, { text: before, label: `checkpoint ${checkpointId.slice(0, 8)}` });
}

async function openPlain(root: string, relativePath: string): Promise<void> {
  const uri = vscode.Uri.file(path.join(root, relativePath));
  try {
    await vscode.window.showTextDocument(uri, { preview: true });
  } catch {
    void vscode.window.showWarningMessage(`Specwright: ${relativePath} does not exist (any more).`);
  }
}
