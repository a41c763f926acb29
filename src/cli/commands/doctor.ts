import { runDoctor, type CheckStatus } from '../../core/doctor';
import { ExitCode, painter, UsageError, type Colour, type CommandDefinition } from '../io';

const usage = [
  'Usage: specwright doctor [--json]',
  '',
  'Checks the setup: Node.js, git, the command sandbox. Each line is ok, a problem with how to fix it,',
  'or not checked with why. Exit code 1 when there is a problem.',
  '',
  'Options:',
  '  --json   print {"checks":[{"id","title","status","detail","fix"}]}',
].join('\n');

const marks: Record<CheckStatus, [string, Colour]> = { ok: ['✓', 'green'], problem: ['✗', 'red'], 'not checked': ['·', 'gray'] };

export const doctorCommand: CommandDefinition = {
  name: 'doctor',
  summary: 'check the setup (Node, git, the command sandbox)',
  usage,
  run: async (args, ctx) => {
    const json = args.includes('--json');
    const unknown = args.find((a) => a !== '--json');
    if (unknown) throw new UsageError(`unknown option "${unknown}" for doctor; run "specwright doctor --help"`);
    const checks = await runDoctor({ workspace: ctx.workspace, env: ctx.env, ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}) });
    if (json) {
      ctx.stdout(`${JSON.stringify({ checks })}\n`);
    } else {
      const paint = painter(ctx);
      for (const check of checks) {
        const [mark, colour] = marks[check.status];
        ctx.stdout(`${paint(colour, mark)} ${paint('bold', check.title)}: ${check.detail}\n`);
        if (check.fix) ctx.stdout(`  ${paint('yellow', 'fix:')} ${check.fix}\n`);
      }
    }
    return checks.some((c) => c.status === 'problem') ? ExitCode.failure : ExitCode.ok;
  },
};
