/**
 * Agent runtime figures: runner overhead per step with an instant model, the fixed prompt overhead
 * (system prompt + tool definitions), and how much of each request is an unchanged prefix of the
 * previous one over a 10-step task (what the prompt cache can reuse), with six steering documents
 * (one joins mid-task when the agent reads a matching file) and three skills present. Prints; asserts nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { ActivityStream } from '../src/core/activity';
import { BASE_SYSTEM_PROMPT, buildSystemBlocks } from '../src/core/agent/prompt';
import { SteeringSession } from '../src/core/agent/steeringSession';
import { loadSteering, requestableListing, steeringToolDefinition, type SteeringCatalog } from '../src/core/steering';
import type { ModelTurn, TurnModel, TurnRequest } from '../src/core/agent/ports';
import { TaskSession } from '../src/core/agent/taskSession';
import { createToolset } from '../src/core/agent/tools';
import { createModelProvider } from '../src/core/model';
import { loadShellParser, PolicyEngine } from '../src/core/policy';
import { defaultSettings } from '../src/core/settings';
import { startFakeAnthropic } from '../test/support/fakeAnthropic';

const STEPS = 400;
const zero = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };

function workspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-agent-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src/a.js'), 'export const a = 1;\n'.repeat(20));
  const files: Record<string, string> = {
    '.kiro/steering/product.md': '# Product\nA todo list for the terminal.\n',
    '.kiro/steering/tech.md': '---\ninclusion: always\n---\n# Tech\nNode 20, no dependencies, node:test.\n',
    '.kiro/steering/js.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/**/*.js"\n---\n# JavaScript\nES modules, named exports, no classes.\n',
    '.kiro/steering/release.md': '---\ninclusion: manual\n---\n# Release\nTag, changelog, npm publish.\n',
    '.kiro/steering/api.md': '---\ninclusion: auto\nname: api\ndescription: Conventions for the HTTP API\n---\nCursor pagination.\n',
    '.kiro/steering/errors.md': '---\ninclusion: auto\nname: errors\ndescription: Error handling patterns\n---\nThrow typed errors.\n',
  };
  for (const skill of ['pdf', 'changelog', 'migrations']) files[`.kiro/skills/${skill}/SKILL.md`] = `---\nname: ${skill}\ndescription: Work with ${skill}. Use when the task mentions ${skill}.\n---\nSteps for ${skill}.\n`;
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Answers instantly: a glob call each step, then a final text. */
function instantModel(steps: number, stamps: number[]): TurnModel {
  let turn = 0;
  return {
    model: 'instant',
    async createTurn(): Promise<ModelTurn> {
      stamps.push(performance.now());
      turn++;
      const content = (turn <= steps
        ? [{ type: 'tool_use', id: `t${turn}`, name: 'glob', input: { pattern: 'src/*.js' } }]
        : [{ type: 'text', text: 'done' }]) as Anthropic.ContentBlock[];
      return { content, stopReason: turn <= steps ? 'tool_use' : 'end_turn', usage: zero };
    },
  };
}

const exampleSpec = path.resolve(__dirname, '../examples/todo-app/.kiro/specs/todo-cli');
const specDocuments = () => ({
  name: 'todo-cli',
  requirements: readFileSync(path.join(exampleSpec, 'requirements.md'), 'utf8'),
  design: readFileSync(path.join(exampleSpec, 'design.md'), 'utf8'),
  tasks: readFileSync(path.join(exampleSpec, 'tasks.md'), 'utf8'),
});

async function session(ws: string, model: TurnModel, steps: number) {
  const steering = new SteeringSession(await loadSteering(ws, { home: '' }), ws);
  const steered = await steering.begin({ text: 'Execute task 1' }, () => undefined);
  return new TaskSession({
    workspace: ws,
    task: { spec: 'bench', id: '1', title: 'bench' },
    instruction: 'Execute task 1',
    system: buildSystemBlocks(ws, steered.text, [], specDocuments()),
    steering,
    model,
    tools: createToolset(),
    policy: new PolicyEngine({ settings: defaultSettings(), workspaceRoot: ws, autonomyLevel: 'full' }),
    approvals: { request: async () => ({ outcome: 'approved' }) },
    stream: new ActivityStream('bench'),
    signal: new AbortController().signal,
    mode: 'autonomous',
    maxTurns: steps + 5,
    selfCorrectionAttempts: 0,
    budget: {},
    verifyCommand: 'true',
    runVerification: async (command) => ({ command, exitCode: 0, output: '' }),
    isTestCommand: () => false,
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function runnerOverhead(): Promise<void> {
  const ws = workspace();
  const stamps: number[] = [];
  await (await session(ws, instantModel(STEPS, stamps), STEPS)).run();
  // Time between consecutive model calls = the runner's work for one step, including the tool itself.
  const perStep = stamps.slice(1).map((t, i) => t - stamps[i]!).slice(20);
  const toolOnly: number[] = [];
  const tools = createToolset();
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await tools.execute('glob', { pattern: 'src/*.js' }, { workspace: ws, signal: new AbortController().signal, emit: () => undefined });
    toolOnly.push(performance.now() - t0);
  }
  const step = median(perStep);
  const tool = median(toolOnly);
  console.log(`runner step with an instant model: median ${step.toFixed(3)} ms (of which the glob tool itself ${tool.toFixed(3)} ms); runner overhead ${(step - tool).toFixed(3)} ms, ${((step - tool) / 2).toFixed(2)}× the 2 ms target`);
}

async function promptOverhead(): Promise<void> {
  const tools = [...createToolset().definitions, steeringToolDefinition()];
  const catalog: SteeringCatalog = await loadSteering(workspace(), { home: '' });
  const listing = requestableListing(catalog) ?? '';
  const chars = BASE_SYSTEM_PROMPT.length + JSON.stringify(tools).length + listing.length;
  const tokens = Math.round(chars / 4);
  console.log(`fixed prompt overhead (system prompt + ${tools.length} tool definitions + the listing of ${catalog.docs.filter((d) => d.inclusion === 'auto').length} auto steering documents and ${catalog.skills.length} skills): ${chars} characters ≈ ${tokens} tokens (chars/4 estimate), ${(tokens / 3000).toFixed(2)}× the 3,000-token budget`);
}

async function prefixStability(): Promise<void> {
  const ws = workspace();
  const script = Array.from({ length: 10 }, (_, i) =>
    i < 9 ? { content: [{ type: 'tool_use' as const, name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'src/a.js' }] } }] } : { content: [{ type: 'text' as const, text: 'done' }] },
  );
  const fake = await startFakeAnthropic(script, { apiKey: 'bench-key' });
  try {
    const provider = createModelProvider({ apiKey: 'bench-key', baseUrl: fake.url, model: 'claude-sonnet-5-5' });
    const model: TurnModel = { model: provider.model, createTurn: (r: TurnRequest, o) => provider.createTurn(r, o) };
    await (await session(ws, model, 9)).run();
    const bodies = fake.requests.filter((r) => r.path === '/v1/messages').map((r) => r.rawBody);
    // The rolling breakpoint moves to the newest message each step; the marker is not content, so the
    // cache sees the old prefix unchanged. Both figures are printed.
    const withoutMarkers = bodies.map((b) => b.replaceAll(',"cache_control":{"type":"ephemeral"}', ''));
    for (const [label, list] of [['raw bytes', bodies], ['content (cache markers aside)', withoutMarkers]] as const) {
      const shares = list.slice(1).map((body, i) => commonPrefix(body, list[i]!) / body.length);
      const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
      const kept = list.slice(1).map((body, i) => commonPrefix(body, list[i]!) / list[i]!.length);
      console.log(`unchanged prefix of the previous request over a ${list.length}-step task on the example spec, ${label}: mean ${(mean * 100).toFixed(1)}%, min ${(Math.min(...shares) * 100).toFixed(1)}% (target ≥ 95%: ${(mean / 0.95).toFixed(2)}×); ${(Math.min(...kept) * 100).toFixed(1)}% or more of each previous request is resent unchanged`);
    }
  } finally {
    await fake.close();
  }
}

/**
 * The peer's fixed prompt, measured from its public source (only the counts are carried here):
 * Cline's system prompt and tool definitions as sent for a Claude model in Act mode on a plain
 * project (no MCP servers, no rules files, browser off), template placeholders filled with a short
 * path. Characters of the system text plus the tools' compact JSON in the Anthropic format.
 */
const PEER_FIXED_PROMPTS = [
  {
    peer: 'Cline 4.1 (SDK prompt)',
    source: 'cline/cline 21cb8d2: sdk/packages/shared/src/prompt/{system,cline}.ts, sdk/packages/core/src/extensions/tools/',
    systemChars: 4_254,
    toolChars: 8_028,
    tools: 6,
  },
  {
    peer: 'Cline 3.89 (native tools, the default)',
    source: 'cline/cline 864419d: apps/vscode/src/core/prompts/system-prompt/variants/native-next-gen, tools/*.ts',
    systemChars: 11_016,
    toolChars: 16_502,
    tools: 13,
  },
  {
    peer: 'Cline 3.89 (tools as XML in the prompt)',
    source: 'cline/cline 864419d: apps/vscode/src/core/prompts/system-prompt/variants/next-gen',
    systemChars: 52_259,
    toolChars: 0,
    tools: 14,
  },
] as const;

/** Characters per token for the estimate: no tokenizer that counts as current Claude models do runs offline. */
const CHARS_PER_TOKEN = 4;
const estimateTokens = (chars: number) => Math.round(chars / CHARS_PER_TOKEN);

/**
 * What each request of the example task carries, by part: the fixed part (system prompt and tool
 * definitions, the same for every task), the task's context (steering, spec documents), and the
 * conversation so far; then the fixed part next to the peer's.
 */
async function requestComposition(): Promise<void> {
  const ws = workspace();
  const script = Array.from({ length: 6 }, (_, i) =>
    i < 5 ? { content: [{ type: 'tool_use' as const, name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'src/a.js' }] } }] } : { content: [{ type: 'text' as const, text: 'done' }] },
  );
  const fake = await startFakeAnthropic(script, { apiKey: 'bench-key' });
  try {
    const provider = createModelProvider({ apiKey: 'bench-key', baseUrl: fake.url, model: 'claude-sonnet-5-5' });
    const model: TurnModel = { model: provider.model, createTurn: (r: TurnRequest, o) => provider.createTurn(r, o) };
    await (await session(ws, model, 5)).run();
    const bodies = fake.requests.filter((r) => r.path === '/v1/messages').map((r) => JSON.parse(r.rawBody) as { system: Array<{ text: string }>; tools: unknown[]; messages: unknown[] });
    let fixed = 0;
    bodies.forEach((body, turn) => {
      const [base, ...context] = body.system.map((b) => b.text.length);
      const parts = { fixed: base! + JSON.stringify(body.tools).length, context: context.reduce((a, b) => a + b, 0), conversation: JSON.stringify(body.messages).length };
      fixed = parts.fixed;
      const total = parts.fixed + parts.context + parts.conversation;
      console.log(
        `request ${turn + 1} of the example task: ≈ ${estimateTokens(total)} tokens = system prompt and ${body.tools.length} tools ≈ ${estimateTokens(parts.fixed)}` +
          ` + steering and spec ≈ ${estimateTokens(parts.context)} + conversation ≈ ${estimateTokens(parts.conversation)}`,
      );
    });
    console.log(`fixed prompt (system prompt and tool definitions), an estimate at ${CHARS_PER_TOKEN} characters a token on both sides (no offline tokenizer counts as Claude does):`);
    console.log(`  Specwright: ${fixed} characters ≈ ${estimateTokens(fixed)} tokens, ${bodies[0]!.tools.length} built-in tools (the steering, knowledge and sub-agent tools join only where auto steering, knowledge bases or agents exist)`);
    for (const peer of PEER_FIXED_PROMPTS) {
      const chars = peer.systemChars + peer.toolChars;
      console.log(`  ${peer.peer}: ${chars} characters ≈ ${estimateTokens(chars)} tokens, ${peer.tools} tools; ours is ${(chars / fixed).toFixed(1)}× smaller (measured from ${peer.source})`);
    }
  } finally {
    await fake.close();
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export async function benchAgent(): Promise<void> {
  console.log('\n## Agent runtime');
  await loadShellParser();
  await promptOverhead();
  await runnerOverhead();
  await prefixStability();
  await requestComposition();
}
