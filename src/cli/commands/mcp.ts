import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { formatProblem, getServerPrompt, McpHub, McpServerUnavailableError, NO_SERVER_APPROVALS, UnknownMcpServerError, type McpServerStatus } from '../../core/mcp';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';
import { cliHome, cliMcpPorts, cliRemedy } from '../mcpHost';

const usage = `Usage:
  specwright mcp list [--json] [--trust]                   the servers of .kiro/settings/mcp.json and ~/.kiro/settings/mcp.json, with their tools
  specwright mcp call SERVER TOOL [--input JSON] [--json] [--trust]
                                                         call one tool and print its result
  specwright mcp prompt SERVER NAME [--args JSON] [--json] [--trust]
                                                         a server's prompt, filled in with the arguments
  specwright mcp logs NAME [--lines N]                   the end of a server's log (its stderr, starts and exits)

Servers defined by the workspace start only after you approve their command (or URL) once: on a
terminal you are asked, and the answer is kept in ~/.kiro/specwright/ until the command changes;
--trust starts them for this one command. User-level servers (~/.kiro/settings/mcp.json) start
without asking.

JSON shapes:
  list    {"servers":[{"name","scope","status","transport","tools":[{"name","description"}],"error"}]}
          status: ready | disabled | needs-approval | error; scope: workspace | user
  call    the tool's result as the server returned it (content, isError, structuredContent)
  prompt  {"server","name","description","messages":[{"role","text"}]}

Exit codes: 0 ok; 1 a server is in error (list) or the tool reported an error (call); 2 usage or configuration error.`;

export const mcpCommand: CommandDefinition = {
  name: 'mcp',
  summary: 'list MCP servers, call their tools and prompts, read their logs',
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, ctx);
    if (sub === 'call') return call(rest, ctx);
    if (sub === 'prompt') return prompt(rest, ctx);
    if (sub === 'logs') return logs(rest, ctx);
    throw new UsageError(sub ? `unknown subcommand "mcp ${sub}"; use list, call, prompt or logs` : 'mcp needs a subcommand: list, call, prompt or logs');
  },
};

type Flag = 'json' | 'trust' | 'input' | 'args' | 'lines';

function flags(args: string[], allowed: Flag[], command: string) {
  const strings = new Set<Flag>(['input', 'args', 'lines']);
  const options = Object.fromEntries(allowed.map((name) => [name, { type: strings.has(name) ? ('string' as const) : ('boolean' as const) }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const v = values as Partial<Record<Flag, string | boolean>>;
    return { json: v.json === true, trust: v.trust === true, input: v.input as string | undefined, args: v.args as string | undefined, lines: v.lines as string | undefined, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Opens the hub for one command and always stops its servers, also on Ctrl+C. */
async function withHub<T>(ctx: CliContext, trust: boolean, use: (hub: McpHub) => Promise<T>): Promise<T> {
  const hub = await McpHub.open({ workspace: ctx.workspace, home: cliHome(ctx), env: ctx.env, ...(await cliMcpPorts(ctx, { trust })) });
  const onAbort = () => void hub.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (const problem of hub.config.fileProblems) ctx.stderr(`specwright: ${formatProblem(problem)}\n`);
    for (const warning of hub.config.warnings) ctx.stderr(`specwright: ${warning}\n`);
    return await use(hub);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await hub.close();
  }
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  const { json, trust, positionals } = flags(args, ['json', 'trust'], 'mcp list');
  if (positionals.length) throw new UsageError(`mcp list takes no arguments (got "${positionals[0]}")`);
  return withHub(ctx, trust, async (hub) => {
    const statuses = await hub.status(undefined, ctx.signal);
    const failed = statuses.some((s) => s.status === 'error') || hub.config.fileProblems.length > 0;
    if (json) {
      ctx.stdout(JSON.stringify({ servers: statuses.map(toJson) }) + '\n');
      return failed ? ExitCode.failure : ExitCode.ok;
    }
    if (!statuses.length) {
      ctx.stdout('No MCP servers. Add them to .kiro/settings/mcp.json (this workspace) or ~/.kiro/settings/mcp.json (all workspaces).\n');
      return failed ? ExitCode.failure : ExitCode.ok;
    }
    printStatuses(ctx, statuses);
    return failed ? ExitCode.failure : ExitCode.ok;
  });
}

function toJson(status: McpServerStatus) {
  return {
    name: status.name,
    scope: status.scope,
    status: status.status,
    transport: status.transport,
    tools: status.tools.map((t) => ({ name: t.name, description: t.description ?? '' })),
    error: status.error,
  };
}

function printStatuses(ctx: CliContext, statuses: McpServerStatus[]): void {
  const paint = painter(ctx);
  const colour = { ready: 'green', disabled: 'gray', 'needs-approval': 'yellow', error: 'red' } as const;
  const rows = statuses.map((s) => [s.name, s.scope, paint(colour[s.status], s.status), s.transport, s.status === 'ready' ? String(s.tools.length) : '-']);
  ctx.stdout(formatTable([['NAME', 'SCOPE', 'STATUS', 'TRANSPORT', 'TOOLS'].map((c) => paint('bold', c)), ...rows]) + '\n');
  for (const s of statuses) {
    if (s.status === 'ready' && s.tools.length) ctx.stdout(paint('gray', `  ${s.name}: ${s.tools.map((t) => t.name).join(', ')}`) + '\n');
    if (!s.error) continue;
    const remedy = cliRemedy(s.remedy, s.name);
    ctx.stderr(paint(s.status === 'error' ? 'red' : 'yellow', `! ${s.error}${remedy ? ` (${remedy})` : ''}`) + '\n');
  }
}

async function call(args: string[], ctx: CliContext): Promise<number> {
  const { json, trust, input, positionals } = flags(args, ['json', 'trust', 'input'], 'mcp call');
  const [server, tool, extra] = positionals;
  if (!server || !tool || extra !== undefined) throw new UsageError('mcp call needs a server and a tool: specwright mcp call SERVER TOOL --input \'{"key":"value"}\'');
  const argumentsObject = parseObject(input ?? '{}', '--input');
  return withHub(ctx, trust, async (hub) => {
    const connection = await open(hub, server, ctx);
    const tools = await connection.tools();
    const hidden = new Set(connection.config.disabledTools);
    const known = tools.find((t) => t.name === tool);
    if (!known || hidden.has(tool)) {
      const offered = tools.filter((t) => !hidden.has(t.name)).map((t) => t.name);
      throw new UsageError(hidden.has(tool) ? `tool "${tool}" of "${server}" is in its "disabledTools"` : `MCP server "${server}" has no tool "${tool}"; its tools are ${offered.join(', ') || 'none'}`);
    }
    const result = await connection.callTool(tool, argumentsObject, { signal: ctx.signal });
    ctx.stdout(json ? JSON.stringify(result) + '\n' : resultText(result));
    return result.isError ? ExitCode.failure : ExitCode.ok;
  });
}

async function prompt(args: string[], ctx: CliContext): Promise<number> {
  const { json, trust, args: raw, positionals } = flags(args, ['json', 'trust', 'args'], 'mcp prompt');
  const [server, name, extra] = positionals;
  if (!server || !name || extra !== undefined) throw new UsageError('mcp prompt needs a server and a prompt name: specwright mcp prompt SERVER NAME --args \'{"key":"value"}\'');
  const values = Object.fromEntries(Object.entries(parseObject(raw ?? '{}', '--args')).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return withHub(ctx, trust, async (hub) => {
    await open(hub, server, ctx);
    const filled = await getServerPrompt(hub, server, name, values, ctx.signal).catch((error: Error) => {
      throw new UsageError(error.message);
    });
    if (json) ctx.stdout(JSON.stringify(filled) + '\n');
    else ctx.stdout(filled.messages.map((m) => (filled.messages.length > 1 ? `[${m.role}]\n${m.text}` : m.text)).join('\n\n') + '\n');
    return ExitCode.ok;
  });
}

async function logs(args: string[], ctx: CliContext): Promise<number> {
  const { lines, positionals } = flags(args, ['lines'], 'mcp logs');
  const [name, extra] = positionals;
  if (!name || extra !== undefined) throw new UsageError('mcp logs needs one server name');
  const count = lines === undefined ? 200 : Number(lines);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--lines must be a whole number of at least 1 (got "${lines}")`);
  const hub = await McpHub.open({ workspace: ctx.workspace, home: cliHome(ctx), env: ctx.env, approvals: NO_SERVER_APPROVALS });
  let file: string;
  try {
    file = hub.logFile(name);
  } catch (error) {
    if (error instanceof UnknownMcpServerError) throw new UsageError(error.message);
    throw error;
  }
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) {
    ctx.stderr(`specwright: no log for "${name}" yet: it has not been started in this workspace (${file})\n`);
    return ExitCode.failure;
  }
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  ctx.stdout(all.slice(-count).join('\n') + '\n');
  return ExitCode.ok;
}

/** The server, started; a server that may not or cannot run is a usage error with its remedy. */
async function open(hub: McpHub, server: string, ctx: CliContext) {
  try {
    const connection = await hub.server(server, ctx.signal);
    await connection.tools();
    return connection;
  } catch (error) {
    if (error instanceof UnknownMcpServerError) throw new UsageError(error.message);
    if (error instanceof McpServerUnavailableError) {
      const remedy = cliRemedy(error.remedy, server);
      throw new UsageError(`${error.message}${remedy ? ` (${remedy})` : ''}`);
    }
    throw error;
  }
}

function parseObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${flag} must be a JSON object, e.g. '{"path":"README.md"}'`);
  return value as Record<string, unknown>;
}

/** A tool's result for a person: text as is, other content named. */
function resultText(result: CallToolResult): string {
  const parts = (result.content ?? []).map((item) => {
    switch (item.type) {
      case 'text':
        return item.text;
      case 'image':
      case 'audio':
        return `[${item.type} ${item.mimeType}, ${Math.floor((item.data.length * 3) / 4)} bytes]`;
      case 'resource':
        return 'text' in item.resource && typeof item.resource.text === 'string' ? `[resource ${item.resource.uri}]\n${item.resource.text}` : `[resource ${item.resource.uri}: binary]`;
      case 'resource_link':
        return `[resource link ${item.uri}]`;
      default:
        return `[${(item as { type: string }).type}]`;
    }
  });
  if (!parts.length && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = parts.join('\n');
  return text.endsWith('\n') || !text ? text : text + '\n';
}
