import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OwnWriteRecorder } from '../../core/fs';
import { hostRuntime } from '../runtime/load';
import type { RunTranscript } from './runTranscript';

/**
 * The panel's "Add as task" on a failed criterion: the verdict is taken from the run's own events
 * (never from the webview's message), then appended to the spec's tasks.md as the CLI's
 * `spec verify --add-tasks` does. Returns the new task's id, or null after telling the user why not.
 */
export async function addTaskForCriterion(spec: string, criterion: string, transcript: RunTranscript | null, ownWrites: (root: string) => OwnWriteRecorder, log: vscode.LogOutputChannel): Promise<string | null> {
  const root = transcript?.figures.workspace ?? null;
  const verdict = transcript?.events.findLast((e) => e.type === 'criterion_verdict' && e.spec === spec && e.criterion === criterion);
  if (!root || verdict?.type !== 'criterion_verdict' || verdict.verdict !== 'fail') {
    void vscode.window.showWarningMessage(`Specwright: criterion ${criterion} of ${spec} has no failed verdict in the run shown, so no task was added.`);
    return null;
  }
  try {
    const { addCriterionTasks } = await hostRuntime();
    const [added] = await addCriterionTasks(root, spec, [verdict], { ownWrites: ownWrites(root) });
    if (!added) return null;
    log.info(`verify: added task ${added.id} for criterion ${criterion} to ${spec}/tasks.md`);
    const file = vscode.Uri.file(path.join(root, '.kiro', 'specs', spec, 'tasks.md'));
    void vscode.window.showInformationMessage(`Specwright: added task ${added.id} to ${spec}'s tasks.md for criterion ${criterion}.`, 'Open tasks.md').then((choice) => {
      if (choice) void vscode.window.showTextDocument(file);
    });
    return added.id;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`verify: adding a task for criterion ${criterion} failed: ${message}`);
    void vscode.window.showErrorMessage(`Specwright: no task was added for criterion ${criterion}: ${message}`);
    return null;
  }
}
