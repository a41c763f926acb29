import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

describe('a stdio server whose files are in /tmp, which the sandbox replaces with its own', () => {
  it('is not started: the error names the server, the path and the remedy, for a script given as an argument or a program', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sw-mcp-outside-'));
    writeFileSync(path.join(outside, 'server.mjs'), '// never run\n');
    writeFileSync(path.join(outside, 'server.sh'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(outside, 'server.sh'), 0o755);
    const fixture = mcpFixture({ servers: { script: { command: process.execPath, args: [path.join(outside, 'server.mjs')] } }, user: { mine: { command: path.join(outside, 'server.sh') }, ok: flaky() } });
    const result = await mcp(fixture, ['list', '--json', '--trust']);
    expect(result.code).toBe(1);
    const servers = JSON.parse(result.stdout).servers as Array<{ name: string; status: string; error: string | null }>;
    expect(servers.find((s) => s.name === 'script')).toEqual(
      expect.objectContaining({
        status: 'error',
        error: `MCP server "script" did not start: cannot start "${process.execPath}" in the sandbox: its argument ${path.join(outside, 'server.mjs')} is in /tmp, which the sandbox replaces with a /tmp of its own, so the server would not find it there. Move it out of /tmp (into the workspace or a folder of your home) and point the entry at it`,
      }),
    );
    expect(servers.find((s) => s.name === 'mine')!.error).toContain(`its program ${path.join(outside, 'server.sh')} is in /tmp`);
    expect(servers.find((s) => s.name === 'mine')!.error).toContain('set "sandbox": false on it');
    // A server whose files are elsewhere (the workspace itself may be in /tmp: it is shown again) starts.
    expect(servers.find((s) => s.name === 'ok')!.status).toBe('ready');
    const human = await mcp(fixture, ['list', '--trust']);
    expect(human.stderr).toContain('(move it out of /tmp, change the entry, and run the command again)');
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
