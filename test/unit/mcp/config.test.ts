import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadMcpConfig, parseConfigFile, type McpServerEntry } from '../../../src/core/mcp';
import { thirdPartyDir } from '../../support/thirdPartyData';
import { mcpFixture } from '../../support/mcp/servers';

const FILE = '.kiro/settings/mcp.json';

async function load(options: Parameters<typeof mcpFixture>[0], env: NodeJS.ProcessEnv = {}) {
  const { workspace, home } = mcpFixture(options);
  return { ...(await loadMcpConfig({ workspace, home, env })), workspace, home };
}

const byName = (servers: McpServerEntry[], name: string) => servers.find((s) => s.name === name)!;

describe('mcp.json configuration', () => {
  it('reads JSON with comments and trailing commas', () => {
    const parsed = parseConfigFile('{\n  // my servers\n  "mcpServers": {\n    /* local */ "a": { "command": "node", "args": ["x.js",], },\n  },\n}\n', FILE);
    expect(parsed.problems).toEqual([]);
    expect(parsed.servers.map((s) => [s.name, s.command, s.args])).toEqual([['a', 'node', ['x.js']]]);
  });

  it('merges the user and workspace files per server name, the whole workspace entry winning', async () => {
    const config = await load({
      user: { shared: { command: 'user-cmd', env: { A: '1' }, autoApprove: ['x'] }, mine: { url: 'https://example.com/mcp' } },
      servers: { shared: { command: 'ws-cmd' }, local: { command: 'node' } },
    });
    expect(config.servers.map((s) => [s.name, s.scope])).toEqual([['shared', 'workspace'], ['mine', 'user'], ['local', 'workspace']]);
    const shared = byName(config.servers, 'shared');
    expect(shared.config).toMatchObject({ transport: 'stdio', command: 'ws-cmd', env: {}, autoApprove: [] });
    expect(byName(config.servers, 'mine').config).toMatchObject({ transport: 'http', url: 'https://example.com/mcp' });
  });

  it('reads every field the issue lists, with the defaults it names', async () => {
    const config = await load({
      servers: {
        local: { command: 'npx', args: ['-y', 'pkg'], env: { PORT: 8080, DEBUG: true }, disabledTools: ['drop'], autoApprove: ['*'], timeout: 5000, cwd: 'tools' },
        remote: { url: 'https://mcp.example.com/', headers: { 'X-Team': 'a' } },
        legacy: { url: 'http://localhost:9000/sse', type: 'sse' },
      },
    });
    const local = byName(config.servers, 'local');
    expect(local.config).toMatchObject({ command: 'npx', args: ['-y', 'pkg'], env: { PORT: '8080', DEBUG: 'true' }, disabledTools: ['drop'], autoApprove: ['*'], timeoutMs: 5000 });
    expect(local.config?.transport === 'stdio' && local.config.cwd).toBe(path.join(config.workspace, 'tools'));
    expect(byName(config.servers, 'remote').config).toMatchObject({ transport: 'http', headers: { 'X-Team': 'a' }, timeoutMs: 120_000 });
    expect(byName(config.servers, 'legacy').config).toMatchObject({ transport: 'sse' });
  });

  it('expands ${VAR} in env, headers, args and url from the environment', async () => {
    const config = await load(
      {
        servers: {
          local: { command: 'tool', args: ['--db', '${DB}'], env: { TOKEN: 'Bearer ${env:TOKEN}', PLAIN: '$NOT_A_VAR' } },
          remote: { url: 'https://${HOST}/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
        },
      },
      { DB: 'postgres://db', TOKEN: 't0k', HOST: 'api.example.com' },
    );
    expect(byName(config.servers, 'local').config).toMatchObject({ args: ['--db', 'postgres://db'], env: { TOKEN: 'Bearer t0k', PLAIN: '$NOT_A_VAR' } });
    expect(byName(config.servers, 'remote').config).toMatchObject({ url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer t0k' } });
  });

  it('names the server, the field, the line and the variable when a ${VAR} is unset, and keeps the others', async () => {
    const config = await load({ servers: { db: { command: 'x', env: { URL: '${DATABASE_URL}' } }, ok: { command: 'y' } } }, {});
    const db = byName(config.servers, 'db');
    expect(db.config).toBeNull();
    expect(db.error).toMatchObject({ server: 'db', field: 'env.URL', variable: 'DATABASE_URL', line: 6 });
    expect(formatProblem(db.error!)).toBe(`${FILE}:6:16: server "db", field "env.URL": \${DATABASE_URL} is not set in the environment; set it, or change the value in ${FILE}`);
    expect(byName(config.servers, 'ok').config).not.toBeNull();
  });

  it('does not need the variables of a disabled server', async () => {
    const config = await load({ servers: { off: { command: 'x', env: { T: '${MISSING}' }, disabled: true }, bare: { disabled: true } } });
    expect(config.servers.map((s) => [s.name, s.disabled, s.error])).toEqual([['off', true, null], ['bare', true, null]]);
  });

  it('gives one error naming file, server, field and line for a malformed entry, and loads the rest', async () => {
    const text = '{\n  "mcpServers": {\n    "good": { "command": "node" },\n    "bad": { "command": "node", "args": ["a", {"x": 1}] },\n    "worse": { "autoApprove": "all", "command": "x" }\n  }\n}\n';
    const config = await load({ workspaceText: text });
    expect(byName(config.servers, 'good').config).not.toBeNull();
    expect(formatProblem(byName(config.servers, 'bad').error!)).toBe(`${FILE}:4:47: server "bad", field "args[1]": must be text`);
    expect(formatProblem(byName(config.servers, 'worse').error!)).toBe(`${FILE}:5:31: server "worse", field "autoApprove": must be a list`);
  });

  it('refuses entries that are neither local nor remote, or both', () => {
    const parsed = parseConfigFile(JSON.stringify({ mcpServers: { none: {}, both: { command: 'x', url: 'https://a' }, wrong: { type: 'stdio', url: 'https://a' }, odd: { type: 'websocket', url: 'wss://a' } } }), FILE);
    expect(parsed.problems.map((p) => [p.server, p.field, p.detail])).toEqual([
      ['none', 'command', 'a server needs "command" (a local server) or "url" (a remote one)'],
      ['both', 'url', 'give either "command" (a local server) or "url" (a remote one), not both'],
      ['wrong', 'type', '"stdio" needs "command", and this server has "url"'],
      ['odd', 'type', '"websocket" is not a transport; use "stdio", "http" or "sse"'],
    ]);
  });

  it('allows plain http only to this machine', async () => {
    const config = await load({ servers: { local: { url: 'http://127.0.0.1:3000/mcp' }, lan: { url: 'http://10.0.0.5/mcp' }, ftp: { url: 'ftp://example.com' } } });
    expect(byName(config.servers, 'local').config).not.toBeNull();
    expect(byName(config.servers, 'lan').error?.detail).toBe('plain http is only allowed to localhost (got 10.0.0.5); use https');
    expect(byName(config.servers, 'ftp').error?.detail).toBe('must be an http(s) URL (got ftp)');
  });

  it('reports a syntax error inside one server against that server and still loads the others', () => {
    const parsed = parseConfigFile('{"mcpServers": {\n "a": {"command": "x"},\n "b": {"command": "y", "args": ["p" "q"]},\n "c": {"command": "z"}\n}}', FILE);
    expect(parsed.servers.map((s) => s.name)).toEqual(['a', 'c']);
    expect(parsed.problems).toHaveLength(1);
    expect(formatProblem(parsed.problems[0]!)).toBe(`${FILE}:3:37: server "b": is not valid JSON: a "," was expected`);
  });

  it('refuses a whole file whose syntax error lies outside any server, with its line and column', () => {
    const parsed = parseConfigFile('{"mcpServers": {\n "a": {"command": "x"}\n "b": {"command": "y"}\n}}', FILE);
    expect(parsed.servers).toEqual([]);
    expect(parsed.problems.map(formatProblem)).toEqual([`${FILE}:3:2: is not valid JSON: a "," was expected`]);
  });

  it('warns about fields it does not use instead of dropping them silently', () => {
    const parsed = parseConfigFile(JSON.stringify({ mcpServers: { a: { command: 'x', restartPolicy: 'always' } }, clientConfig: { retries: 3 } }), FILE);
    expect(parsed.servers).toHaveLength(1);
    expect(parsed.warnings).toEqual([`${FILE}: "clientConfig" is not used by Specwright; it is ignored`, `${FILE}: server "a": "restartPolicy" is not used by Specwright; it is ignored`]);
  });

  it('reads the home folder\'s mcp.json once when the workspace is the home folder', async () => {
    const { home } = mcpFixture({ user: { a: { command: 'x' } } });
    const config = await loadMcpConfig({ workspace: home, home, env: {} });
    expect(config.servers.map((s) => [s.name, s.scope])).toEqual([['a', 'user']]);
  });
});

const wild = thirdPartyDir('kiroConfigWild');

describe.runIf(wild)('real mcp.json files from Kiro projects', () => {
  const files = wild
    ? readdirSync(wild)
        .map((project) => path.join(wild, project, '.kiro/settings/mcp.json'))
        .filter((file) => existsSync(file))
    : [];

  it('finds the mcp.json files of the data set', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('reads every one without throwing; every entry is usable, disabled or has an error naming its server', async () => {
    for (const file of files) {
      const workspace = path.dirname(path.dirname(path.dirname(file)));
      const parsed = parseConfigFile(readFileSync(file, 'utf8'), FILE);
      const config = await loadMcpConfig({ workspace, home: path.join(workspace, 'no-such-home'), env: {} });
      expect(config.fileProblems, file).toEqual([]);
      expect(config.servers.length, file).toBe(parsed.servers.length + parsed.problems.length);
      for (const entry of config.servers) {
        const usable = entry.config !== null || entry.disabled;
        if (!usable) expect(formatProblem(entry.error!), `${file} ${entry.name}`).toContain(`server "${entry.name}"`);
        if (entry.error?.variable) expect(entry.error.detail).toContain(`\${${entry.error.variable}}`);
      }
    }
  });
});
