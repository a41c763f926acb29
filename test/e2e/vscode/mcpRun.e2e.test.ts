import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptedTurn } from '../../support/fakeAnthropic';
import { FLAKY_SERVER } from '../../support/mcp/servers';
import { bash, messageRequests, say, startFakeModel, write } from './fakeModel';
import { codeLens, dialogButton, mathsProject, modalDialog, openFile, panelFrame, screenshot, startVsCode, waitForEditorLine, WORKING_SUM } from './harness';

const MARKERS = 'mcp-markers';

/** The text of the last tool_result the model was sent. */
function lastToolResult(request: RecordedRequest): string {
  const blocks = request.body!.messages.at(-1)!.content;
  const result = (Array.isArray(blocks) ? blocks : []).find((b) => b.type === 'tool_result') as { content?: unknown } | undefined;
  return typeof result?.content === 'string' ? result.content : JSON.stringify(result?.content);
}

describe('MCP servers in VS Code runs', () => {
  it('asks once, in a modal, before starting the workspace’s own server; the run then offers its tools and calls one', async () => {
    const script = (request: RecordedRequest): ScriptedTurn => {
      const turn = request.body!.messages.length;
      if (turn === 1) return { content: [{ type: 'tool_use', name: 'flaky__echo', input: { text: 'forty-two' } }] };
      if (turn === 3) return write('src/sum.js', `// the server said ${/echo: (\S+)/.exec(lastToolResult(request))?.[1] ?? 'nothing'}\n${WORKING_SUM}`);
      if (turn === 5) return bash('npm test');
      return say('Implemented sum.');
    };
    const { fake, env } = await startFakeModel(script);
    const mcp = { mcpServers: { flaky: { command: process.execPath, args: [FLAKY_SERVER], env: { FLAKY_MARKER_DIR: MARKERS } } } };
    const { page, workspace } = await startVsCode({
      workspace: mathsProject({ '.kiro/settings/mcp.json': JSON.stringify(mcp, null, 2), [`${MARKERS}/.keep`]: '' }),
      env,
      settings: { 'specwright.autonomyLevel': 'full' },
    });
    await openFile(page, '.kiro/specs/maths/tasks.md');
    await codeLens(page, /Execute with Agent/).first().click({ timeout: 60_000 });

    const ask = modalDialog(page, /start MCP server "flaky", defined by this workspace/);
    await ask.waitFor({ timeout: 60_000 });
    await expect(ask.innerText()).resolves.toContain(`${process.execPath} ${FLAKY_SERVER}`);
    expect(readdirSync(path.join(workspace, MARKERS)).filter((f) => f.startsWith('started-'))).toEqual([]);
    await screenshot(page, 'mcpRun--ask');
    await dialogButton(ask, 'Start Server').click();

    await panelFrame(page).getByText(/Task 1 done/).waitFor({ timeout: 90_000 });
    await waitForEditorLine(page, /^- \[x\] 1\. Implement sum/, { file: 'tasks.md' });
    expect(readFileSync(path.join(workspace, 'src/sum.js'), 'utf8')).toBe(`// the server said forty-two\n${WORKING_SUM}`);
    const first = messageRequests(fake)[0]!;
    expect((first.body!.tools as Array<{ name: string }>).map((t) => t.name)).toContain('flaky__echo');
    // The yes is kept outside the repository, in the user's home, keyed by workspace and command.
    expect(existsSync(path.join(workspace, '.kiro/specwright'))).toBe(false);
    await screenshot(page, 'mcpRun--done');
  });
});
