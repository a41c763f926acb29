import * as vscode from 'vscode';
import { remedyOf, type Remedy } from '../../core/remedy';
import { remedyText } from '../../shared/remedyText';
import { COMMANDS } from '../ids';

const SET_KEY = 'Set API Key';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_LOG = 'Show Log';
const APPROVE_PHASE = 'Approve Phase';
const MANAGE_TRUST = 'Manage Workspace Trust';

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

/** The button that carries out a remedy, when VS Code has one. */
function remedyAction(remedy: Remedy | null, code: string | null): string {
  switch (remedy?.kind) {
    case 'setApiKey':
      return SET_KEY;
    case 'chooseModel':
      return OPEN_SETTINGS;
    case 'nextPhase':
      return APPROVE_PHASE;
    case 'trustHooks':
      return MANAGE_TRUST;
  }
  return code === 'invalid_config' || code === 'endpoint_unreachable' ? OPEN_SETTINGS : SHOW_LOG;
}

/**
 * Tells the user that `what` failed, in the core's words (what happened, where), then what to do in
 * VS Code's words, with the one action that helps: set the key, fix a setting, go on with the spec,
 * or read the log.
 */
export async function showFailure(what: string, error: unknown, log: vscode.LogOutputChannel, extraActions: string[] = []): Promise<string | undefined> {
  const code = modelErrorCode(error);
  const remedy = remedyOf(error);
  log.error(`${what} failed${code ? ` (${code})` : ''}: ${messageOf(error)}`);
  if (error instanceof Error && error.stack && !code) log.debug(error.stack);
  const action = remedyAction(remedy, code);
  const choice = await vscode.window.showErrorMessage(`Specwright: ${what} failed. ${messageOf(error)}${remedy ? ` ${remedyText(remedy)}` : ''}`, action, ...extraActions);
  if (choice === SET_KEY) await vscode.commands.executeCommand(COMMANDS.setApiKey);
  else if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'specwright');
  else if (choice === APPROVE_PHASE && remedy?.kind === 'nextPhase') await vscode.commands.executeCommand(COMMANDS.approvePhase, { specName: remedy.spec });
  else if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
  else if (choice === SHOW_LOG) log.show(true);
  return choice;
}
