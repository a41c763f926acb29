import * as vscode from 'vscode';
import { COMMANDS } from '../ids';

const SET_KEY = 'Set API Key';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_LOG = 'Show Log';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The ModelError code, when the failure came from the model layer (its messages never hold the key). */
function modelErrorCode(error: unknown): string | null {
  return error instanceof Error && error.name === 'ModelError' && 'code' in error ? String((error as { code: unknown }).code) : null;
}

/** True when the user stopped or cancelled the work (not worth an error notification). */
export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || modelErrorCode(error) === 'aborted' || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Tells the user that `what` failed, in the core's words (they say what happened and what to do),
 * with the one action that helps: set the key, fix the endpoint, or read the log.
 */
export async function showFailure(what: string, error: unknown, log: vscode.LogOutputChannel, extraActions: string[] = []): Promise<string | undefined> {
  const code = modelErrorCode(error);
  log.error(`${what} failed${code ? ` (${code})` : ''}: ${messageOf(error)}`);
  if (error instanceof Error && error.stack && !code) log.debug(error.stack);
  const actions = code === 'no_api_key' || code === 'auth_failed' ? [SET_KEY] : code === 'invalid_config' || code === 'endpoint_unreachable' || code === 'model_not_found' ? [OPEN_SETTINGS] : [SHOW_LOG];
  const choice = await vscode.window.showErrorMessage(`Specwright: ${what} failed. ${messageOf(error)}`, ...actions, ...extraActions);
  if (choice === SET_KEY) await vscode.commands.executeCommand(COMMANDS.setApiKey);
  else if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'specwright');
  else if (choice === SHOW_LOG) log.show(true);
  return choice;
}
