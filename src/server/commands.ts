import { ErrorCodes, RequestType, ResponseError, type Connection, type ExecuteCommandParams } from 'vscode-languageserver';
import { ACCEPT_DRIFT_COMMAND, isSpecCommandId, RUN_COMMAND_REQUEST, SPEC_COMMANDS, type RunCommandParams } from '../shared/lspMethods';
import { runCommandParamsSchema } from '../shared/lspProtocol';

const runCommandRequest = new RequestType<RunCommandParams, unknown, void>(RUN_COMMAND_REQUEST);

/** The ids the server declares in `executeCommandProvider`. */
export const EXECUTABLE_COMMANDS: string[] = [...Object.values(SPEC_COMMANDS), ACCEPT_DRIFT_COMMAND];

/** Commands the server carries out itself rather than handing them to the client. */
export type OwnCommands = Record<typeof ACCEPT_DRIFT_COMMAND, (args: unknown) => Promise<unknown>>;

/**
 * Executes a lens command by handing it to the client (`specwright/runCommand`): running an agent,
 * opening a panel or generating a phase are the extension's job, not the server's. Arguments are
 * validated first, so the client only ever receives well-formed requests.
 */
export async function executeCommand(connection: Connection, params: ExecuteCommandParams, own: OwnCommands): Promise<unknown> {
  if (params.command === ACCEPT_DRIFT_COMMAND) return own[ACCEPT_DRIFT_COMMAND](params.arguments?.[0]);
  if (!isSpecCommandId(params.command)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `Specwright has no command "${params.command}"; known commands: ${EXECUTABLE_COMMANDS.join(', ')}.`);
  }
  const parsed = runCommandParamsSchema.safeParse({ command: params.command, args: params.arguments?.[0] });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    throw new ResponseError(ErrorCodes.InvalidParams, `Arguments of ${params.command} are not valid (${problems}); pass one object like the CodeLens does.`);
  }
  return connection.sendRequest(runCommandRequest, parsed.data);
}
