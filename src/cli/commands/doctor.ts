import { runDoctor, type CheckResult, type CheckStatus, type DoctorRemedy } from '../../core/doctor';
import { loadSettings, SettingsError, type Settings } from '../../core/settings';
import { ExitCode, painter, UsageError, type CliContext, type Colour, type CommandDefinition } from '../io';

const usage = [
  'Usage: specwright doctor [--offline] [--json]',
  '',
  'Checks the setup: Node.js, git, the command sandbox, the API key and the model endpoint (one free',
  'request that lists the models), what the workspace brought that waits for your confirmation, and',
  'the .kiro files with their problems. Each line is ok, a problem with how to fix it, or not checked',
  'with why. Exit code 1 when there is a problem.',
  '',
  'Options:',
  '  --offline  make no network request (the key and the endpoint are not checked)',
  '  --json     print {"checks":[{"id","title","status","detail","fix","remedy","items"}]}',
].join('\n');

const marks: Record<CheckStatus, [string, Colour]> = { ok: ['✓', 'green'], problem: ['✗', 'red'], 'not checked': ['·', 'gray'] };

/** The terminal's way to do what a remedy offers. */
const remedyWords: Record<DoctorRemedy['kind'], string> = {
  setApiKey: 'export ANTHROPIC_API_KEY=… (or ANTHROPIC_BASE_URL for a compatible endpoint)',
  trustWorkspace: 'pass --trust to the command, or answer its question on a terminal',
};

export const doctorCommand: CommandDefinition = {
  name: 'doctor',
  summary: 'check the setup (Node, git, sandbox, API key, endpoint, trust, .kiro files)',
  usage,
  run: async (args, ctx) => {
    const json = args.includes('--json');
    const offline = args.includes('--offline');
    const unknown = args.find((a) => a !== '--json' && a !== '--offline');
    if (unknown) throw new UsageError(`unknown option "${unknown}" for doctor; run "specwright doctor --help"`);
    const settings = await modelSettings(ctx);
    const checks = await runDoctor({
      workspace: ctx.workspace,
      env: ctx.env,
      offline,
      ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}),
      ...(settings ? { model: { settings: settings.model } } : {}),
    });
    if (json) ctx.stdout(`${JSON.stringify({ checks })}\n`);
    else printChecks(ctx, checks);
    return checks.some((c) => c.status === 'problem') ? ExitCode.failure : ExitCode.ok;
  },
};

/** The settings' model section as a run would use it; a broken file is the .kiro files check's to report. */
async function modelSettings(ctx: CliContext): Promise<Settings | null> {
  try {
    return (await loadSettings(ctx.workspace, ctx.env.HOME ? { home: ctx.env.HOME } : {})).settings;
  } catch (error) {
    if (error instanceof SettingsError) return null;
    throw error;
  }
}

function printChecks(ctx: CliContext, checks: CheckResult[]): void {
  const paint = painter(ctx);
  for (const check of checks) {
    const [mark, colour] = marks[check.status];
    ctx.stdout(`${paint(colour, mark)} ${paint('bold', check.title)}: ${check.detail}\n`);
    for (const item of check.items ?? []) ctx.stdout(`    ${item}\n`);
    if (check.fix) ctx.stdout(`  ${paint('yellow', 'fix:')} ${check.fix}${check.remedy ? `: ${remedyWords[check.remedy.kind]}` : ''}\n`);
  }
}
