// A small MCP server over stdio for tests, built with the SDK: tools that echo, crash, write a note,
// return an image or a lot of text. FLAKY_MARKER_DIR (if set) receives `started-<pid>-<unique>` on every
// start and the pid of a background child with FLAKY_GRANDCHILD=1; FLAKY_CRASH_ON_START=1 exits at once;
// FLAKY_START_ONCE=1 exits at once when it has started before (it needs FLAKY_MARKER_DIR).
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const markers = process.env.FLAKY_MARKER_DIR;
const startedBefore = markers ? readdirSync(markers).some((f) => f.startsWith('started-')) : false;
// In a sandbox's own pid namespace every start has the same pid: the suffix keeps starts apart.
if (markers) writeFileSync(path.join(markers, `started-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`), '');
process.stderr.write(`flaky server started, pid ${process.pid}\n`);
if (process.env.FLAKY_CRASH_ON_START === '1' || (process.env.FLAKY_START_ONCE === '1' && startedBefore)) {
  process.stderr.write('crashing on start, as asked\n');
  process.exit(4);
}
if (process.env.FLAKY_GRANDCHILD === '1') {
  const child = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  if (markers) writeFileSync(path.join(markers, 'grandchild.pid'), String(child.pid));
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const server = new McpServer({ name: 'flaky', version: '1.0.0' });
const text = (t) => ({ content: [{ type: 'text', text: t }] });

server.registerTool('echo', { description: 'Echoes the text back', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } }, async ({ text: t }) => text(`echo: ${t}`));
server.registerTool('plain', { description: 'A tool without annotations', inputSchema: { value: z.string().optional() } }, async ({ value }) => text(`plain ${value ?? ''}`.trim()));
server.registerTool('write_note', { description: 'Appends a note to notes.txt', inputSchema: { note: z.string() }, annotations: { destructiveHint: true } }, async ({ note }) => {
  if (markers) appendFileSync(path.join(markers, 'notes.txt'), `${note}\n`);
  return text(`noted: ${note}`);
});
server.registerTool('crash', { description: 'Exits the server without answering', inputSchema: { code: z.number().optional() } }, async ({ code }) => {
  process.stderr.write('crashing on purpose\n');
  process.exit(code ?? 3);
});
server.registerTool('image', { description: 'Returns a 1x1 PNG', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'a pixel' }, { type: 'image', data: PNG, mimeType: 'image/png' }] }));
server.registerTool('big', { description: 'Returns many characters', inputSchema: { chars: z.number() } }, async ({ chars }) => text('x'.repeat(chars)));
server.registerTool('fail', { description: 'Reports an error result', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'it went wrong' }], isError: true }));

await server.connect(new StdioServerTransport());
