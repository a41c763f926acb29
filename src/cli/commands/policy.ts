import * as path from 'node:path';
import { PolicyEngine, type AutonomyLevel, type PolicyVerdict, type SandboxState } from '../../core/policy';
import { sandboxStatus } from '../../core/sandbox';
import { POLICY_FIELDS, workspaceSettings } from '../workspaceSettings';
import { ExitCode, painter, UsageError, type CommandDefinition, type Colour } from '../io';

const LEVELS: AutonomyLevel[] = ['cautious', 'balanced', 'full'];
const SANDBOX_STATES: SandboxState[] = ['on', 'off', 'unavailable'];

const usage = [
  'Usage: specwright policy check --command CMD [--autonomy LEVEL] [--sandbox STATE] [--cwd DIR] [--json]',
  '',
  'Shows what the agent policy decides for a shell command under this workspace’s .kiro/settings.json:',
  'allow, ask or deny, and why. The decision is the output; the exit code is 0 whenever it was made.',
  '',
  'Options:',
  '  --command CMD     the command line to judge (quote it)',
  `  --autonomy LEVEL  judge at ${LEVELS.join(', ')} instead of agent.autonomyLevel`,
  '  --sandbox STATE   judge as if commands ran with the OS sandbox on, off or unavailable',
  '                    (not on: what the policy does not model is asked at every level);',
  '                    default: the sandbox this machine has now (SPECWRIGHT_SANDBOX, bubblewrap)',
  '  --cwd DIR         the folder it would run in (default: the workspace root)',
  '  --json            print {"decision", "reason", "rule", "sandbox", "sandboxed"} as JSON',
  '                    ("sandboxed": whether the command would run inside the sandbox)',
].join('\n');

const colours: Record<PolicyVerdict, Colour> = { allow: 'green', ask: 'yellow', deny: 'red' };

export const policyCommand: CommandDefinition = {
  name: 'policy',
  summary: 'check what the agent policy decides for a command',
  usage,
  run: async (args, ctx) => {
    const options = parseOptions(args);
    // What it decides under the settings that apply now: a workspace's unconfirmed ones are left out.
    const { settings } = await workspaceSettings(ctx, { trust: false, ask: false, uses: POLICY_FIELDS });
    const sandbox = options.sandbox ?? (await sandboxStatus({ workspace: ctx.workspace, env: ctx.env, ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}) })).state;
    const engine = await PolicyEngine.create({
      settings,
      workspaceRoot: ctx.workspace,
      sandbox,
      ...(options.autonomy ? { autonomyLevel: options.autonomy } : {}),
    });
    const cwd = path.resolve(ctx.workspace, options.cwd ?? '.');
    const { decision, reason, rule, sandboxed } = engine.evaluate({ kind: 'command', command: options.command, cwd });
    if (options.json) {
      ctx.stdout(`${JSON.stringify({ decision, reason, rule, sandbox, sandboxed })}\n`);
    } else {
      const paint = painter(ctx);
      ctx.stdout(`${paint(colours[decision], `${decision}:`)} ${reason}\n`);
    }
    return ExitCode.ok;
  },
};

interface PolicyCheckOptions {
  command: string;
  autonomy?: AutonomyLevel;
  sandbox?: SandboxState;
  cwd?: string;
  json: boolean;
}

function parseOptions(args: string[]): PolicyCheckOptions {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'check') {
    throw new UsageError(subcommand ? `unknown policy subcommand "${subcommand}"; the only one is "check"` : 'policy needs a subcommand: specwright policy check --command CMD');
  }
  const options: Partial<PolicyCheckOptions> & { json: boolean } = { json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? rest[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') options.json = true;
    else if (flag === '--command') options.command = value();
    else if (flag === '--cwd') options.cwd = value();
    else if (flag === '--autonomy') {
      const level = value();
      if (!LEVELS.includes(level as AutonomyLevel)) throw new UsageError(`--autonomy must be one of ${LEVELS.join(', ')} (got "${level}")`);
      options.autonomy = level as AutonomyLevel;
    } else if (flag === '--sandbox') {
      const state = value();
      if (!SANDBOX_STATES.includes(state as SandboxState)) throw new UsageError(`--sandbox must be one of ${SANDBOX_STATES.join(', ')} (got "${state}")`);
      options.sandbox = state as SandboxState;
    } else throw new UsageError(`unknown option "${arg}" for policy check; run "specwright policy --help"`);
  }
  if (options.command === undefined) throw new UsageError('policy check needs --command CMD');
  return options as PolicyCheckOptions;
}
