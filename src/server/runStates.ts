import type { RunStateParams } from '../shared/lspMethods';
import { specFileOfUri } from './specPaths';

export type TaskRun = Pick<RunStateParams, 'state' | 'runId'>;

/**
 * The latest agent run of each task, as the extension reports it (`specwright/runState`). Keyed by
 * the tasks.md file path rather than the URI string, so that differently encoded URIs agree.
 */
export class RunStates {
  private readonly runs = new Map<string, Map<string, TaskRun>>();

  record(params: RunStateParams): void {
    const key = keyOf(params.uri);
    let tasks = this.runs.get(key);
    if (!tasks) this.runs.set(key, (tasks = new Map()));
    tasks.set(params.taskId, { state: params.state, runId: params.runId });
  }

  runOf(tasksUri: string, taskId: string): TaskRun | undefined {
    return this.runs.get(keyOf(tasksUri))?.get(taskId);
  }
}

function keyOf(uri: string): string {
  return specFileOfUri(uri)?.path ?? uri;
}
