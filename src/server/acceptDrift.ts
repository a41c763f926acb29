import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { z } from 'zod';
import { acceptTaskDrift, traceDirOf } from '../core/trace';
import { ACCEPT_DRIFT_COMMAND } from '../shared/lspMethods';
import { specFileOfUri } from './specPaths';
import { rootOf, type WorkspaceTraces } from './traceEvidence';

const argsSchema = z.object({ uri: z.string(), taskId: z.string().min(1) });

/**
 * The quick fix on a drifting task: its files and criteria as they are now become its baseline, in
 * whichever run-state folder holds its record (the CLI's in the workspace, or the extension's).
 * Returns the tasks.md to lint again.
 */
export async function acceptDriftCommand(traces: WorkspaceTraces, rawArgs: unknown): Promise<string> {
  const parsed = argsSchema.safeParse(rawArgs);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `Arguments of ${ACCEPT_DRIFT_COMMAND} are not valid; pass [{ uri, taskId }] with the spec's tasks.md.`);
  const { uri, taskId } = parsed.data;
  const location = specFileOfUri(uri);
  if (!location) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not a file of a spec under .kiro/specs/.`);
  const root = rootOf(location.dir);
  let accepted = false;
  for (const stateDir of traces.sourcesOf(root).stateDirs) {
    if (await acceptTaskDrift(root, location.specName, taskId, { traceDir: traceDirOf(stateDir) })) accepted = true;
  }
  if (!accepted) throw new ResponseError(ErrorCodes.InvalidRequest, `Task ${taskId} of ${location.specName} has no trace record to accept: it was never run or linked.`);
  traces.invalidate();
  return uri;
}
