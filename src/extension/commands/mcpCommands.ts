import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NewServerEntry } from '../../core/mcp';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { agentRuntime } from '../runtime/load';

const TITLE = 'Specwright: Add MCP Server';

/**
 * Add MCP Server: where (this workspace's `.kiro/settings/mcp.json`, or your own), a name, and a
 * command line or URL → one entry added to that file in place (its comments and formatting kept),
 * and the file opened on it. A workspace's server still asks for approval before it first starts.
 */
export const addMcpServer = (ctx: SpecwrightContext) => async () => {
  const { addServerEntry, editMcpFile, entryFromLine, McpConfigEditError, USER_MCP_FILE, WORKSPACE_MCP_FILE } = await agentRuntime();
  const root = ctx.primaryRoot();
  const scopes = [
    ...(root ? [{ label: 'This workspace', description: WORKSPACE_MCP_FILE, file: path.join(root, WORKSPACE_MCP_FILE), shown: WORKSPACE_MCP_FILE }] : []),
    { label: 'All my workspaces', description: USER_MCP_FILE, file: path.join(os.homedir(), USER_MCP_FILE.replace(/^~\//, '')), shown: USER_MCP_FILE },
  ];
  const scope = await vscode.window.showQuickPick(scopes, { title: `${TITLE}: where`, placeHolder: 'Where should the server be configured?', ignoreFocusOut: true });
  if (!scope) return;
  const name = await vscode.window.showInputBox({
    title: `${TITLE}: name`,
    prompt: 'A name for the server (its tools are offered as name__tool)',
    placeHolder: 'e.g. docs',
    ignoreFocusOut: true,
    validateInput: (value) => (/^[A-Za-z0-9_.-]+$/.test(value.trim()) ? null : 'Letters, digits, ".", "_" and "-" only.'),
  });
  if (!name?.trim()) return;
  const line = await vscode.window.showInputBox({
    title: `${TITLE}: command line or URL`,
    prompt: 'The command line that starts it, or its URL',
    placeHolder: 'e.g. npx -y @modelcontextprotocol/server-filesystem .   or   https://mcp.example.com/mcp',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        entryFromLine(value);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  if (!line?.trim()) return;
  const added: NewServerEntry = entryFromLine(line);
  try {
    // Specwright's own write, so a checkpoint restore does not take the new entry for a person's edit.
    const text = await editMcpFile(scope.file, scope.shown, (current, shown) => addServerEntry(current, shown, name.trim(), added), root ? { ownWrites: ctx.storage.ownWrites(root) } : {});
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(scope.file));
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(Math.max(0, text.indexOf(JSON.stringify(name.trim()))));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
  } catch (error) {
    if (error instanceof McpConfigEditError) {
      void vscode.window.showErrorMessage(`Specwright: ${error.message}`);
      return;
    }
    await showFailure(`adding the MCP server to ${scope.shown}`, error, ctx.log);
  }
};

/** The server (and tool) a view item names. */
function target(arg: unknown): { server: string; tool?: string } | null {
  const node = arg as { server?: unknown; tool?: unknown } | undefined;
  if (typeof node?.server !== 'string') return null;
  return { server: node.server, ...(typeof node.tool === 'string' ? { tool: node.tool } : {}) };
}

/** A view action: reports what failed (a broken mcp.json is refused, never rewritten). */
const onServer = (what: string, act: (ctx: SpecwrightContext, server: string, tool?: string) => Promise<void>) => (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const at = target(arg);
  if (!at) return;
  try {
    await act(ctx, at.server, at.tool);
  } catch (error) {
    const { McpConfigEditError } = await agentRuntime();
    if (error instanceof McpConfigEditError) {
      void vscode.window.showErrorMessage(`Specwright: ${error.message}`);
      return;
    }
    await showFailure(`${what} MCP server "${at.server}"${at.tool ? ` tool "${at.tool}"` : ''}`, error, ctx.log);
  }
};

export const refreshMcpServers = (ctx: SpecwrightContext) => () => ctx.mcpServers.reload();

/** Approve: the dialog a run shows, then the server starts; in an untrusted workspace, says so first. */
export const approveMcpServer = onServer('approving', async (ctx, server) => {
  if (!(await requireTrust('start MCP servers this workspace defines'))) return;
  await ctx.mcpServers.approve(server);
});
export const restartMcpServer = onServer('restarting', (ctx, server) => ctx.mcpServers.restart(server));
export const disableMcpServer = onServer('disabling', (ctx, server) => ctx.mcpServers.setServerDisabled(server, true));
export const enableMcpServer = onServer('enabling', (ctx, server) => ctx.mcpServers.setServerDisabled(server, false));
export const disableMcpTool = onServer('disabling a tool of', (ctx, server, tool) => (tool ? ctx.mcpServers.setToolDisabled(server, tool, true) : Promise.resolve()));
export const enableMcpTool = onServer('enabling a tool of', (ctx, server, tool) => (tool ? ctx.mcpServers.setToolDisabled(server, tool, false) : Promise.resolve()));
export const openMcpConfig = onServer('opening the config of', (ctx, server) => ctx.mcpServers.openConfig(server));
export const showMcpLog = onServer('showing the log of', (ctx, server) => ctx.mcpServers.showLog(server));
