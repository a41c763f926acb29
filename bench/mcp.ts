/**
 * MCP figures, printed (not asserted): the time from a run's start (prepare, then start) to its first
 * model request, with three MCP servers configured (server-everything, server-filesystem and our
 * stdio test server) and without any. The servers start side by side, and side by side with the rest
 * of the run's preparation, so the cost they add should be about what starting them all at once can
 * take at best: the slowest one's own start-up, or, when the cores are the limit, the sum of their
 * start-ups spread over the cores. Target: added time ≤ 1.2 × that bound.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectServer, NO_SERVER_APPROVALS, type McpServerConfig } from '../src/core/mcp';
import { testAgentService } from '../test/support/agentHost';
import { startFakeAnthropic, type ScriptedTurn } from '../test/support/fakeAnthropic';
import { mathsFiles } from '../test/support/mathsProject';

const ROUNDS = 3;
const root = path.resolve(__dirname, '..');
const SERVERS: Record<string, { command: string; args: string[] }> = {
  everything: { command: process.execPath, args: [path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] },
  files: { command: process.execPath, args: [path.join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), os.tmpdir()] },
  flaky: { command: process.execPath, args: [path.join(root, 'test/support/mcp/flakyServer.mjs')] },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function workspace(home: string, withServers: boolean): string {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-mcp-'));
  const files = { ...mathsFiles(), '.kiro/settings.json': JSON.stringify({ agent: { verifyCommand: 'true' } }) };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(path.join(ws, name), text);
  }
  // User-level servers start without asking, as they would for someone who configured them.
  mkdirSync(path.join(home, '.kiro', 'settings'), { recursive: true });
  writeFileSync(path.join(home, '.kiro', 'settings', 'mcp.json'), JSON.stringify({ mcpServers: withServers ? SERVERS : {} }));
  return ws;
}

/** Milliseconds from the run's start to the first request, and how many MCP tools that request offered. */
async function timeToFirstRequest(withServers: boolean): Promise<{ ms: number; mcpTools: number }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-mcp-home-'));
  const ws = workspace(home, withServers);
  let firstAt = 0;
  let mcpTools = 0;
  const fake = await startFakeAnthropic((request, index): ScriptedTurn => {
    if (index === 0) {
      firstAt = performance.now();
      mcpTools = ((request.body?.tools ?? []) as Array<{ name: string }>).filter((t) => t.name.includes('__')).length;
    }
    return { content: [{ type: 'text', text: 'Done.' }] };
  }, { apiKey: 'bench-key' });
  try {
    const started = performance.now();
    const agent = testAgentService({ env: { ...process.env, ANTHROPIC_API_KEY: 'bench-key', ANTHROPIC_BASE_URL: fake.url }, home, mcp: { approvals: NO_SERVER_APPROVALS } });
    await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    return { ms: firstAt - started, mcpTools };
  } finally {
    await fake.close();
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

/** One server's own start: spawn, MCP handshake, tools/list. */
async function handshake(name: string): Promise<number> {
  const spec = SERVERS[name]!;
  const config: McpServerConfig = { name, scope: 'user', file: 'bench', transport: 'stdio', ...spec, env: {}, cwd: os.tmpdir(), autoApprove: [], disabledTools: [], timeoutMs: 60_000, sandboxed: false };
  const started = performance.now();
  const connected = await connectServer(config);
  await connected.client.listTools();
  const ms = performance.now() - started;
  await connected.client.close();
  return ms;
}

export async function benchMcp(): Promise<void> {
  console.log('\n## MCP servers');
  const alone: Record<string, number> = {};
  for (const name of Object.keys(SERVERS)) alone[name] = median(await sequential(ROUNDS, () => handshake(name)));
  const slowest = Math.max(...Object.values(alone));
  const cores = os.availableParallelism();
  const bound = Math.max(slowest, Object.values(alone).reduce((a, b) => a + b, 0) / cores);
  console.log(`one server's own start (spawn + handshake + tools/list), median of ${ROUNDS}: ${Object.entries(alone).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ')}`);
  const without = await sequential(ROUNDS, () => timeToFirstRequest(false));
  const withThree = await sequential(ROUNDS, () => timeToFirstRequest(true));
  const base = median(without.map((r) => r.ms));
  const three = median(withThree.map((r) => r.ms));
  const added = three - base;
  console.log(`run start → first model request, median of ${ROUNDS}: ${base.toFixed(0)} ms without MCP; ${three.toFixed(0)} ms with 3 servers (${withThree[0]!.mcpTools} MCP tools offered)`);
  console.log(
    `time MCP adds before the first request: ${added.toFixed(0)} ms = ${(added / bound).toFixed(2)}× the best a parallel start can do here ` +
      `(${bound.toFixed(0)} ms: the slowest server alone, or their sum over ${cores} cores; target ≤ 1.2×)`,
  );
}

async function sequential<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await run());
  return results;
}
