import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { McpRemedy, McpServerOverview } from '../../../src/core/mcp';
import { mcpServerRow } from '../../../src/extension/mcp/serverRow';

const overview = (over: Partial<McpServerOverview> = {}): McpServerOverview => ({
  name: 'tracker',
  scope: 'workspace',
  file: '.kiro/settings/mcp.json',
  transport: 'stdio',
  state: 'stopped',
  error: null,
  remedy: null,
  tools: [],
  ...over,
});

/** The MCP Servers view's row menus of the manifest: command, the regular expression its `when` puts on viewItem, group. */
const rowMenus = (() => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string; group?: string }>> } };
  return manifest.contributes.menus['view/item/context']!
    .filter((m) => m.when?.includes('view == specwright.mcpServers'))
    .map((m) => {
      const regex = /viewItem =~ \/(.*)\/$/.exec(m.when!)?.[1];
      const exact = /viewItem == (\S+)/.exec(m.when!)?.[1];
      return { command: m.command, inline: m.group?.startsWith('inline') ?? false, matches: (value: string) => (regex ? new RegExp(regex).test(value) : value === exact) };
    });
})();

const buttonsOf = (row: { contextValue: string }) => rowMenus.filter((m) => m.inline && m.matches(row.contextValue)).map((m) => m.command).sort();

describe('a server row of the MCP Servers view', () => {
  it('offers the fix of a broken entry as its Open MCP Config button, beside Restart', () => {
    for (const remedy of ['fix-config', 'set-variable', 'move-out-of-tmp'] as McpRemedy[]) {
      const row = mcpServerRow(overview({ state: 'error', error: 'MCP server "tracker": ${TRACKER_TOKEN} is not set', remedy }));
      expect(buttonsOf(row)).toEqual(['specwright.mcp.openConfig', 'specwright.mcp.restart']);
      expect(row.tooltip).toMatch(/Open MCP Config, the button on its row|Open MCP Config \(the button on its row\)/);
    }
  });

  it('offers Approve to a server that waits for approval, Restart to one that failed to start, and no Open MCP Config button to either', () => {
    expect(buttonsOf(mcpServerRow(overview({ state: 'needs-approval', remedy: 'approve' })))).toEqual(['specwright.mcp.approve']);
    expect(buttonsOf(mcpServerRow(overview({ state: 'error', error: 'exited with code 1', remedy: 'check-server' })))).toEqual(['specwright.mcp.restart']);
    expect(buttonsOf(mcpServerRow(overview({ state: 'running', tools: [{ name: 'echo', description: '', disabled: false }] })))).toEqual(['specwright.mcp.restart']);
  });

  it('keeps every context-menu entry of a server where it was: the state and scope still lead the context value', () => {
    const row = mcpServerRow(overview({ state: 'error', error: 'bad', remedy: 'fix-config', scope: 'user' }));
    expect(row.contextValue).toBe('mcpServer.error.user.open-config');
    const menu = rowMenus.filter((m) => !m.inline && m.matches(row.contextValue)).map((m) => m.command).sort();
    expect(menu).toEqual(['specwright.mcp.disableServer', 'specwright.mcp.openConfig', 'specwright.mcp.restart', 'specwright.mcp.showLog']);
  });

  it('says its state, tools and error in the row, and where it comes from and the fix in the tooltip', () => {
    expect(mcpServerRow(overview({ state: 'running', tools: [{ name: 'a', description: '', disabled: false }] })).description).toBe('running · 1 tool');
    const broken = mcpServerRow(overview({ state: 'error', error: 'TRACKER_TOKEN is not set', remedy: 'set-variable' }));
    expect(broken.description).toBe('error: TRACKER_TOKEN is not set');
    expect(broken.tooltip.split('\n')).toEqual([
      'tracker (this workspace, .kiro/settings/mcp.json, stdio)',
      'State: error',
      'TRACKER_TOKEN is not set',
      'Set the variable where VS Code starts, or change the entry (Open MCP Config, the button on its row), then Restart.',
    ]);
  });
});
