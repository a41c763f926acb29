import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../../src/core/mcp';
import { activeEditorTab, answerInput, mathsProject, notification, pickItem, runCommand, screenshot, startVsCode } from './harness';

const MCP_FILE = '.kiro/settings/mcp.json';
const COMMENTED = `{
  // Servers for this project (kept by hand)
  "mcpServers": {
    /* the docs lookups */
    "docs": { "command": "npx", "args": ["-y", "docs-server"] } // pinned
  }
}
`;

describe('MCP servers in VS Code', () => {
  it('Add MCP Server writes the entry into the workspace mcp.json in place, keeping the comments, and opens it; a taken name is refused', async () => {
    const { page, workspace } = await startVsCode({ workspace: mathsProject({ [MCP_FILE]: COMMENTED }) });

    await runCommand(page, 'Specwright: Add MCP Server');
    await pickItem(page, 'Add MCP Server: where', 'This workspace');
    await answerInput(page, 'Add MCP Server: name', 'files');
    await answerInput(page, 'Add MCP Server: command line or URL', 'npx -y @modelcontextprotocol/server-filesystem "my docs"');
    await activeEditorTab(page, 'mcp.json').waitFor({ timeout: 30_000 });
    await screenshot(page, 'mcpFlow--added');

    const text = readFileSync(path.join(workspace, MCP_FILE), 'utf8');
    // Only a comma is added to what was there: each comment stays beside what it was written about.
    expect(text.startsWith(COMMENTED.slice(0, COMMENTED.indexOf(' // pinned')) + ', // pinned\n    "files": {')).toBe(true);
    const parsed = parseConfigFile(text, MCP_FILE);
    expect(parsed.problems).toEqual([]);
    expect(parsed.servers.map((s) => [s.name, s.command, s.args])).toEqual([
      ['docs', 'npx', ['-y', 'docs-server']],
      ['files', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', 'my docs']],
    ]);

    await runCommand(page, 'Specwright: Add MCP Server');
    await pickItem(page, 'Add MCP Server: where', 'This workspace');
    await answerInput(page, 'Add MCP Server: name', 'docs');
    await answerInput(page, 'Add MCP Server: command line or URL', 'https://mcp.example.com/mcp');
    await notification(page, /already has a server named "docs"/).waitFor({ timeout: 30_000 });
    expect(readFileSync(path.join(workspace, MCP_FILE), 'utf8')).toBe(text);
  });
});
