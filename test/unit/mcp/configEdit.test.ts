import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addServerEntry, editMcpFile, entryFromLine, McpConfigEditError, parseConfigFile, serverEntryOffset, setServerDisabled, setToolDisabled } from '../../../src/core/mcp';

const FILE = '.kiro/settings/mcp.json';

const COMMENTED = `{
  // Servers for this project
  "mcpServers": {
    /* docs lookups */
    "docs": {
      "command": "npx",
      "args": ["-y", "docs-server"], // pinned in CI
      "disabledTools": ["delete"]
    }
  }
}
`;

describe('addServerEntry', () => {
  it('writes a whole file when there is none', () => {
    const text = addServerEntry('', FILE, 'fs', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] });
    expect(text).toBe('{\n  "mcpServers": {\n    "fs": {\n      "command": "npx",\n      "args": [\n        "-y",\n        "@modelcontextprotocol/server-filesystem",\n        "."\n      ]\n    }\n  }\n}\n');
    expect(parseConfigFile(text, FILE).servers.map((s) => [s.name, s.command, s.args])).toEqual([['fs', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '.']]]);
  });

  it('adds after the existing servers and keeps every comment', () => {
    const text = addServerEntry(COMMENTED, FILE, 'remote', { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } });
    for (const comment of ['// Servers for this project', '/* docs lookups */', '// pinned in CI']) expect(text).toContain(comment);
    expect(text.startsWith(COMMENTED.slice(0, COMMENTED.indexOf('"disabledTools"')))).toBe(true);
    const parsed = parseConfigFile(text, FILE);
    expect(parsed.problems).toEqual([]);
    expect(parsed.order).toEqual(['docs', 'remote']);
    expect(parsed.servers[1]).toMatchObject({ url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } });
  });

  it('puts the new entry after a one-line server and its trailing comment, leaving that line as written', () => {
    const oneLine = `{\n  // mine\n  "mcpServers": {\n    /* the docs lookups */\n    "docs": { "command": "npx", "args": ["-y", "docs-server"] } // pinned\n  }\n}\n`;
    const text = addServerEntry(oneLine, FILE, 'files', { command: 'npx', args: ['x'] });
    expect(text).toBe(`{\n  // mine\n  "mcpServers": {\n    /* the docs lookups */\n    "docs": { "command": "npx", "args": ["-y", "docs-server"] }, // pinned\n    "files": {\n      "command": "npx",\n      "args": [\n        "x"\n      ]\n    }\n  }\n}\n`);
    const crlf = addServerEntry(oneLine.replace(/\n/g, '\r\n'), FILE, 'files', { command: 'npx' });
    expect(crlf).toContain('"docs-server"] }, // pinned\r\n    "files": {\r\n      "command": "npx"\r\n    }\r\n  }');
    expect(parseConfigFile(crlf, FILE).order).toEqual(['docs', 'files']);
  });

  it('adds mcpServers to a file that has other settings only', () => {
    const text = addServerEntry('{\n  // mine\n  "other": 1\n}\n', FILE, 'x', { command: 'x' });
    expect(text).toContain('// mine');
    expect(parseConfigFile(text, FILE).order).toEqual(['x']);
  });

  it('refuses a name already there, a broken file and a mcpServers that is not an object, naming the file', () => {
    expect(() => addServerEntry(COMMENTED, FILE, 'docs', { command: 'x' })).toThrow(`${FILE} already has a server named "docs"; pick another name, or edit that one in the file`);
    expect(() => addServerEntry('{\n  "mcpServers": {\n    "a": \n}', FILE, 'x', { command: 'x' })).toThrow(/^\.kiro\/settings\/mcp\.json:4 is not valid JSON \(ValueExpected\); fix it first, nothing was changed$/);
    expect(() => addServerEntry('{"mcpServers": []}', FILE, 'x', { command: 'x' })).toThrow(McpConfigEditError);
    expect(() => addServerEntry('[]', FILE, 'x', { command: 'x' })).toThrow('must hold an object');
  });
});

describe('setServerDisabled and setToolDisabled', () => {
  it('turn a server off and on again, leaving the rest of the file as it was', () => {
    const off = setServerDisabled(COMMENTED, FILE, 'docs', true);
    expect(parseConfigFile(off, FILE).servers[0]!.disabled).toBe(true);
    expect(off).toContain('// pinned in CI');
    expect(setServerDisabled(off, FILE, 'docs', false)).toBe(COMMENTED);
    expect(() => setServerDisabled(COMMENTED, FILE, 'ghost', true)).toThrow(`${FILE} has no server named "ghost"`);
  });

  it('add a tool to disabledTools and take it out, keeping the other entries', () => {
    const more = setToolDisabled(COMMENTED, FILE, 'docs', 'write', true);
    expect(parseConfigFile(more, FILE).servers[0]!.disabledTools).toEqual(['delete', 'write']);
    expect(setToolDisabled(more, FILE, 'docs', 'write', true)).toBe(more);
    const none = setToolDisabled(setToolDisabled(more, FILE, 'docs', 'write', false), FILE, 'docs', 'delete', false);
    expect(parseConfigFile(none, FILE).servers[0]!.disabledTools).toEqual([]);
    expect(none).not.toContain('disabledTools');
    expect(parseConfigFile(setToolDisabled(none, FILE, 'docs', 'x', true), FILE).servers[0]!.disabledTools).toEqual(['x']);
    expect(none).toContain('/* docs lookups */');
  });
});

describe('editMcpFile', () => {
  it('creates the folder and file, edits in place, and leaves a broken file untouched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-mcp-edit-'));
    const file = path.join(dir, '.kiro', 'settings', 'mcp.json');
    await editMcpFile(file, FILE, (text, shown) => addServerEntry(text, shown, 'a', { command: 'a' }));
    await editMcpFile(file, FILE, (text, shown) => addServerEntry(text, shown, 'b', { command: 'b' }));
    expect(parseConfigFile(readFileSync(file, 'utf8'), FILE).order).toEqual(['a', 'b']);
    writeFileSync(file, '{ "mcpServers": { // broken\n');
    await expect(editMcpFile(file, FILE, (text, shown) => addServerEntry(text, shown, 'c', { command: 'c' }))).rejects.toThrow('nothing was changed');
    expect(readFileSync(file, 'utf8')).toBe('{ "mcpServers": { // broken\n');
    expect(readdirSync(path.dirname(file))).toEqual(['mcp.json']);
  });
});

describe('entryFromLine', () => {
  it('reads a URL as a remote server and anything else as a command line split like a shell', () => {
    expect(entryFromLine(' https://mcp.example.com/mcp ')).toEqual({ url: 'https://mcp.example.com/mcp' });
    expect(entryFromLine('uvx')).toEqual({ command: 'uvx' });
    expect(entryFromLine(`npx -y @scope/server "My Docs" 'a b' c\\ d "x\\"y" ''`)).toEqual({ command: 'npx', args: ['-y', '@scope/server', 'My Docs', 'a b', 'c d', 'x"y', ''] });
    expect(() => entryFromLine('node "unclosed')).toThrow('unclosed "');
    expect(() => entryFromLine('   ')).toThrow('give a command line');
  });
});

describe('serverEntryOffset', () => {
  it('finds the name of the server\'s entry, past comments that mention it; null for none or a broken file', () => {
    const text = '{\n  // "docs" is below\n  "mcpServers": {\n    "files": {},\n    "docs": { "url": "https://x.example/mcp" }\n  }\n}\n';
    expect(text.slice(serverEntryOffset(text, 'docs')!)).toMatch(/^"docs": \{ "url"/);
    expect(serverEntryOffset(text, 'ghost')).toBeNull();
    expect(serverEntryOffset('{ "mcpServers": { "docs": ', 'docs')).toBeNull();
  });
});
