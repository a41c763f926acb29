/**
 * The GitHub Action's inputs, as the runner hands them over: `INPUT_<NAME>` environment variables
 * (name upper-cased, spaces as `_`, hyphens kept). Checked here so a bad input fails the step with
 * one line naming the input, before anything runs.
 */
export type ActionCommand = 'lint' | 'run' | 'verify';

export interface ActionInputs {
  command: ActionCommand;
  /** The spec; empty for `lint` means every spec. */
  spec: string;
  /** For `run`: which tasks, as CLI arguments (`--all`, `--task 2`, `--from 2 --to 4`); one list per CLI run. */
  taskRuns: string[][];
  /** For `verify`: only this task's criteria; absent: every criterion of the spec. */
  verifyTask?: string;
  autonomy?: string;
  budget?: string;
  /** The repository folder the CLI works in. */
  workspace: string;
}

export class ActionInputError extends Error {}

const AUTONOMY = new Set(['cautious', 'balanced', 'full']);
const TASK_ID = /^(?:\d+(?:\.\d+)*|(?:\d+(?:\.\d+)*\.)?u\d+)$/;

function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * `tasks`: empty or `all` (every open task), `2` (one task), `2-4` (top-level tasks 2 through 4),
 * or a comma list of those (`1, 3-4`), run one after another in one job.
 */
export function taskRunsOf(tasks: string): string[][] {
  const text = tasks.trim();
  if (!text || text.toLowerCase() === 'all') return [['--all']];
  return text.split(',').map((part) => {
    const item = part.trim();
    const range = /^(\S+)\s*(?:-|–|\.\.)\s*(\S+)$/.exec(item);
    if (range && TASK_ID.test(range[1]!) && TASK_ID.test(range[2]!)) return ['--from', range[1]!, '--to', range[2]!];
    if (TASK_ID.test(item)) return ['--task', item];
    throw new ActionInputError(`input "tasks": "${item}" is not a task id (2, 2.1), a range (2-4) or "all"; write e.g. "tasks: 1, 3-4".`);
  });
}

export function readInputs(env: NodeJS.ProcessEnv, cwd: string): ActionInputs {
  const command = input(env, 'command') || 'lint';
  if (command !== 'lint' && command !== 'run' && command !== 'verify') throw new ActionInputError(`input "command": "${command}" is not one of lint, run, verify.`);
  const spec = input(env, 'spec');
  if (spec && !/^[\w][\w.-]*$/.test(spec)) throw new ActionInputError(`input "spec": "${spec}" is not a spec folder name under .kiro/specs/.`);
  if (command !== 'lint' && !spec) throw new ActionInputError(`input "spec" is required when command is ${command}: name the spec folder under .kiro/specs/.`);
  const tasks = input(env, 'tasks');
  if (command === 'verify' && tasks && tasks.toLowerCase() !== 'all' && !TASK_ID.test(tasks)) throw new ActionInputError(`input "tasks": for verify, one task id (2, 2.1) whose criteria to check, or empty for every criterion; got "${tasks}".`);
  const autonomy = input(env, 'autonomy');
  if (autonomy && !AUTONOMY.has(autonomy)) throw new ActionInputError(`input "autonomy": "${autonomy}" is not one of cautious, balanced, full.`);
  // The CLI checks the budget's form (dollars or tokens) and says what it accepts.
  const budget = input(env, 'budget');
  return {
    command,
    spec,
    taskRuns: command === 'run' ? taskRunsOf(tasks) : [],
    ...(command === 'verify' && TASK_ID.test(tasks) ? { verifyTask: tasks } : {}),
    ...(autonomy ? { autonomy } : {}),
    ...(budget ? { budget } : {}),
    workspace: input(env, 'working-directory') || env.GITHUB_WORKSPACE || cwd,
  };
}
