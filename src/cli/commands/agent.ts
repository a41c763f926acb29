import { parseArgs } from 'node:util';
import * as os from 'node:os';
import { listedTools, loadAgents, type LoadedAgents } from '../../core/agents';
import { readHookSettings } from '../../core/hooks';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';

const usage = `Usage:
  specwright agent list [--json] [--trust]   the custom agents of .kiro/agents/ and ~/.kiro/agents/, and broken agent files

Agent files are Kiro's: <name>.json (Kiro CLI) or <name>.md (YAML front matter, the body is the prompt;
a file in a sub-folder is named with it, team/reviewer). The workspace's agents load only in a trusted
workspace: pass --trust, or list it in "hooks.trustedWorkspaces" of ~/.kiro/settings.json. A workspace
agent of the same name as one of yours replaces it.

JSON shape:
  list  {"agents":[{"name","file","scope":"workspace|user","description","model","tools":["fs_read","@github"]}],
         "errors":[{"file","message"}]}
        "tools": built-in tools by name, MCP tools as written ("@*": every MCP server's); "model": null for the run's model.

Exit codes: 0 ok, 1 an agent file is broken, 2 usage or configuration error.`;

export interface AgentCommandDeps {
  /** Home of ~/.kiro; default $HOME of the CLI's environment. */
  home?: string;
}

export function createAgentCommand(deps: AgentCommandDeps = {}): CommandDefinition {
  return {
    name: 'agent',
    summary: 'list the custom agents (.kiro/agents)',
    usage,
    run: async (args, ctx) => {
      const [sub, ...rest] = args;
      if (sub === 'list') return listAgents(rest, ctx, deps);
      throw new UsageError(sub ? `unknown subcommand "agent ${sub}"; use list` : 'agent needs a subcommand: list');
    },
  };
}

export const agentCommand = createAgentCommand();

/** The workspace's agents load with --trust, or when the user's own settings trust the workspace. */
export async function cliAgents(ctx: CliContext, options: { trust: boolean; home?: string }): Promise<LoadedAgents> {
  const home = options.home ?? ctx.env.HOME ?? os.homedir();
  const trusted = options.trust || (await readHookSettings(ctx.workspace, { home })).trusted;
  return loadAgents({ workspace: ctx.workspace, home, workspaceTrusted: trusted });
}

async function listAgents(args: string[], ctx: CliContext, deps: AgentCommandDeps): Promise<number> {
  let values: { json?: boolean; trust?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, trust: { type: 'boolean' } }, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`agent list: ${(error as Error).message}`);
  }
  const loaded = await cliAgents(ctx, { trust: !!values.trust, ...(deps.home ? { home: deps.home } : {}) });
  for (const warning of loaded.warnings) ctx.stderr(`specwright: ${warning}\n`);
  if (loaded.untrustedSkipped.length) {
    ctx.stderr(`specwright: ${loaded.untrustedSkipped.length} agent file${loaded.untrustedSkipped.length === 1 ? '' : 's'} of this workspace not loaded: the workspace is not trusted (pass --trust, or add it to "hooks.trustedWorkspaces" in ~/.kiro/settings.json)\n`);
  }
  const agents = loaded.agents.map((a) => ({ name: a.name, file: a.file, scope: a.scope, description: a.description, model: a.model, tools: listedTools(a) }));
  if (values.json) {
    ctx.stdout(`${JSON.stringify({ agents, errors: loaded.errors })}\n`);
  } else {
    const paint = painter(ctx);
    if (!agents.length && !loaded.errors.length) ctx.stdout('No custom agents (.kiro/agents/ or ~/.kiro/agents/).\n');
    if (agents.length) {
      const rows = [['NAME', 'SCOPE', 'MODEL', 'TOOLS', 'DESCRIPTION'].map((h) => paint('bold', h))];
      for (const a of agents) rows.push([a.name, a.scope, a.model ?? paint('dim', '(run’s)'), a.tools.join(',') || paint('dim', 'none'), oneLine(a.description ?? '')]);
      ctx.stdout(`${formatTable(rows)}\n`);
    }
    for (const error of loaded.errors) ctx.stdout(`${paint('red', 'error')} ${error.message}\n`);
  }
  return loaded.errors.length ? ExitCode.failure : ExitCode.ok;
}

function oneLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}
