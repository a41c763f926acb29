import { describe, expect, it } from 'vitest';
import { everything, flaky, mcpFixture } from '../../support/mcp/servers';
import { runSpecwright } from '../../support/workspace';

const mcp = (fixture: { workspace: string; home: string }, args: string[], env: Record<string, string> = {}) =>
  runSpecwright(['--workspace', fixture.workspace, 'mcp', ...args], { env: { HOME: fixture.home, ...env } });

describe('specwright mcp list', () => {
  it('prints the JSON contract, with every status, and exits 1 when a server is in error', async () => {
    const fixture = mcpFixture({
      user: { mine: flaky() },
      servers: { local: flaky(), off: { command: 'x', disabled: true }, broken: { command: 'node', timeout: 'soon' } },
    });
    const result = await mcp(fixture, ['list', '--json']);
    expect(result.code).toBe(1);
    const { servers } = JSON.parse(result.stdout) as { servers: Array<Record<string, unknown>> };
    expect(servers.map((s) => Object.keys(s))).toEqual(servers.map(() => ['name', 'scope', 'status', 'transport', 'tools', 'error']));
    expect(servers.map((s) => [s.name, s.scope, s.status, s.transport])).toEqual([
      ['mine', 'user', 'ready', 'stdio'],
      ['local', 'workspace', 'needs-approval', 'stdio'],
      ['off', 'workspace', 'disabled', 'stdio'],
      ['broken', 'workspace', 'error', 'stdio'],
    ]);
    expect((servers[0]!.tools as Array<{ name: string; description: string }>)[0]).toEqual({ name: 'echo', description: 'Echoes the text back' });
    expect(servers[0]!.error).toBeNull();
    expect(servers[3]!.error).toBe('.kiro/settings/mcp.json:16:18: server "broken", field "timeout": must be a number');
  });

  it('starts the workspace\'s servers with --trust', async () => {
    const fixture = mcpFixture({ servers: { local: flaky() } });
    const result = await mcp(fixture, ['list', '--json', '--trust']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).servers[0]).toMatchObject({ status: 'ready' });
  });

  it('says what to do about a server that needs approval', async () => {
    const result = await mcp(mcpFixture({ servers: { local: flaky() } }), ['list']);
    expect(result.stdout).toMatch(/local\s+workspace\s+needs-approval\s+stdio\s+-/);
    expect(result.stderr).toContain('! MCP server "local" comes with this workspace (.kiro/settings/mcp.json), which is not trusted, so it does not start (pass --trust, or run it on a terminal)');
  });
});

describe('specwright mcp call, prompt and logs', () => {
  it('calls a tool and prints its text; exit 1 when the tool reports an error', async () => {
    const fixture = mcpFixture({ user: { flaky: flaky() } });
    expect(await mcp(fixture, ['call', 'flaky', 'echo', '--input', '{"text":"hi"}'])).toEqual({ code: 0, stdout: 'echo: hi\n', stderr: '' });
    const failed = await mcp(fixture, ['call', 'flaky', 'fail']);
    expect(failed).toMatchObject({ code: 1, stdout: 'it went wrong\n' });
    const raw = await mcp(fixture, ['call', 'flaky', 'image', '--json']);
    expect(JSON.parse(raw.stdout).content[1]).toMatchObject({ type: 'image', mimeType: 'image/png' });
  });

  it('refuses unknown and disabled tools, and bad input, naming what would work', async () => {
    const fixture = mcpFixture({ user: { flaky: flaky({}, { disabledTools: ['crash'] }) } });
    const unknown = await mcp(fixture, ['call', 'flaky', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('specwright: MCP server "flaky" has no tool "nope"; its tools are echo, plain, write_note, image, big, fail\n');
    expect((await mcp(fixture, ['call', 'flaky', 'crash'])).stderr).toBe('specwright: tool "crash" of "flaky" is in its "disabledTools"\n');
    expect((await mcp(fixture, ['call', 'flaky', 'echo', '--input', '[1]'])).stderr).toContain('--input must be a JSON object');
    expect((await mcp(fixture, ['call', 'ghost', 'x'])).stderr).toBe('specwright: no MCP server named "ghost"; the servers are "flaky"\n');
  });

  it('will not call a workspace server that was not approved, and says how to approve it', async () => {
    const result = await mcp(mcpFixture({ servers: { local: flaky() } }), ['call', 'local', 'echo', '--input', '{"text":"x"}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(pass --trust, or run it on a terminal)');
  });

  it('expands ${VAR} from the environment into the server\'s own environment, and never passes the model key', async () => {
    const fixture = mcpFixture({ user: { everything: { ...everything(), env: { GREETING: 'hello ${WHO}' } } } });
    const result = await mcp(fixture, ['call', 'everything', 'get-env'], { WHO: 'world', ANTHROPIC_API_KEY: 'sk-ant-never-shown-41c' });
    expect(result.code).toBe(0);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.GREETING).toBe('hello world');
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(result.stdout).not.toContain('sk-ant-never-shown-41c');
  });

  it('fills in a prompt from its arguments', async () => {
    const result = await mcp(mcpFixture({ user: { everything: everything() } }), ['prompt', 'everything', 'args-prompt', '--args', '{"city":"Porto"}']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Porto');
    const missing = await mcp(mcpFixture({ user: { everything: everything() } }), ['prompt', 'everything', 'nope']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('has no prompt named "nope"; its prompts are "simple-prompt"') });
  });

  it('prints the end of a server\'s log', async () => {
    const fixture = mcpFixture({ user: { flaky: flaky() } });
    expect((await mcp(fixture, ['logs', 'flaky'])).stderr).toContain('no log for "flaky" yet');
    await mcp(fixture, ['call', 'flaky', 'echo', '--input', '{"text":"x"}']);
    const logs = await mcp(fixture, ['logs', 'flaky', '--lines', '2']);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trim().split('\n')).toHaveLength(2);
    expect((await mcp(fixture, ['logs', 'flaky'])).stdout).toMatch(/flaky server started, pid \d+/);
  });
});
