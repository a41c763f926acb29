import type { McpRemedy, McpServerOverview } from '../../core/mcp';

const STATE_TEXT: Record<McpServerOverview['state'], string> = {
  running: 'running',
  stopped: 'stopped',
  disabled: 'disabled',
  'needs-approval': 'needs approval',
  error: 'error',
};

/**
 * Which of the row's buttons carries out its remedy. `open-config`: the row's own Open MCP Config
 * button (the fix is in its entry); approving and restarting have buttons of their own already.
 */
export type McpRowFix = 'open-config' | 'none';

const FIX: Record<McpRemedy, McpRowFix> = {
  approve: 'none',
  'trust-workspace': 'none',
  'fix-config': 'open-config',
  'set-variable': 'open-config',
  'move-out-of-tmp': 'open-config',
  'sign-in': 'none',
  'check-server': 'none',
};

/** A typed remedy in the view's words: which button to press, or what else to do. */
export function mcpRemedyText(remedy: McpRemedy | null): string | null {
  switch (remedy) {
    case 'approve':
      return 'Approve it (the shield button) to start it.';
    case 'trust-workspace':
      return 'Trust this workspace (Manage Workspace Trust), then Approve it.';
    case 'fix-config':
      return 'Fix its entry: Open MCP Config (the button on its row).';
    case 'set-variable':
      return 'Set the variable where VS Code starts, or change the entry (Open MCP Config, the button on its row), then Restart.';
    case 'sign-in':
      return 'Restart it to sign in.';
    case 'check-server':
      return 'Show Log says more; Restart tries again.';
    case 'move-out-of-tmp':
      return 'Move it out of /tmp and change its entry (Open MCP Config, the button on its row), then Restart.';
    default:
      return null;
  }
}

/**
 * What a server's row shows: its state (and error), a tooltip with where it comes from and the fix,
 * and the context value its menus and buttons key on: `mcpServer.<state>.<scope>.<fix>`.
 */
export function mcpServerRow(overview: McpServerOverview): { state: string; description: string; tooltip: string; contextValue: string } {
  const tools = overview.tools.length;
  const state = STATE_TEXT[overview.state];
  const description = overview.state === 'running' ? `${state} · ${tools} tool${tools === 1 ? '' : 's'}` : overview.state === 'error' && overview.error ? `${state}: ${overview.error}` : state;
  const where = `${overview.name} (${overview.scope === 'workspace' ? 'this workspace' : 'your own'}, ${overview.file}, ${overview.transport})`;
  const tooltip = [where, `State: ${state}`, overview.error ?? '', mcpRemedyText(overview.remedy) ?? ''].filter(Boolean).join('\n');
  const fix = overview.remedy ? FIX[overview.remedy] : 'none';
  return { state, description, tooltip, contextValue: `mcpServer.${overview.state}.${overview.scope}.${fix}` };
}
