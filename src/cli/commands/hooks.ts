import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ActivityStream } from '../../core/activity';
import type { AgentService } from '../../core/agent';
import { PolicyEngine, type PolicyDecision } from '../../core/policy';
import { sandboxStatus } from '../../core/sandbox';
import { ModelError, textCompleter } from '../../core/model';
import {
  agentPromptFor,
  draftHook,
  hookEnvironment,
  loadHooks,
  readHookSettings,
  saveHookDraft,
  type Hook,
  type HookEvent,
  type HookSettings,
  type LoadedHooks,
  type TextCompleter,
} from '../../core/hooks';
import { createActivityPrinter } from '../activityPrinter';
import { cliAgentService } from '../agentHost';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';
import { POLICY_FIELDS, workspaceSettings } from '../workspaceSettings';
import { cliOwnWrites } from './checkpoint';

const usage = `Usage:
  specwright hooks list [--json]                 the hooks of .kiro/hooks/ and ~/.kiro/hooks/, and broken hook files
  specwright hooks run NAME [--file PATH]... [--dry-run] [--json] [--trust] [--yes]
                                                 run one hook now, as if PATH (workspace-relative) had changed
  specwright hooks watch [--trust] [--yes]       run hooks on file changes until Ctrl+C
  specwright hooks new "DESCRIPTION" [--dry-run] have the model write a hook file (validated before it is saved)

Hooks run only in a trusted workspace: pass --trust, or list the workspace in "hooks.trustedWorkspaces"
of ~/.kiro/settings.json. --trust also applies what the workspace's settings ask for beyond yours
(on a terminal you are asked instead). --yes approves commands the command policy would ask about.
A hook's "source" ("user" | "agent" | "both", default both) says whose file changes fire it.

JSON shapes:
  list  {"hooks":[{"name","file","trigger","enabled","action":{"type":"command","command"}|{"type":"agent","prompt"}}],"errors":[{"file","message"}]}
  run   {"hook","ran","ok","output"}
        --dry-run: {"hook","dryRun":true,"event","action", and "env" + "policy":{"decision","reason"} for a command, "prompt" for an agent}

Exit codes: 0 ok, 1 a hook failed (or a hook file is broken, for list), 2 usage or configuration error.`;

export interface HooksCommandDeps {
  /** The user's home folder (for ~/.kiro); default $HOME of the CLI's environment. */
  home?: string;
  /** The model for `hooks new`; default the agent's model (ANTHROPIC_API_KEY, settings). */
  completer?: (ctx: CliContext) => TextCompleter | Promise<TextCompleter>;
}

/**
 * `specwright hooks …`. Hooks run through the agent service: their commands judged by the agent's
 * policy, their questions asked on the terminal (or --yes), their prompts run by the agent.
 */
export function createHooksCommand(deps: HooksCommandDeps = {}): CommandDefinition {
  return {
    name: 'hooks',
    summary: 'list, run, watch and write agent hooks',
    usage,
    run: async (args, ctx) => {
      const [sub, ...rest] = args;
      if (sub === 'list') return listHooks(rest, ctx, deps);
      if (sub === 'run') return runOneHook(rest, ctx, deps);
      if (sub === 'watch') return watchHooks(rest, ctx, deps);
      if (sub === 'new') return newHook(rest, ctx, deps);
      throw new UsageError(sub ? `unknown subcommand "hooks ${sub}"; use list, run, watch or new` : 'hooks needs a subcommand: list, run, watch or new');
    },
  };
}

export const hooksCommand = createHooksCommand();

/**
 * What the agent's policy (`agent.*` in .kiro/settings.json) would decide about a hook's command, knowing
 * whether commands would run sandboxed here: a dry run shows it.
 */
async function policyDecision(ctx: CliContext, deps: HooksCommandDeps, command: string, trust: boolean): Promise<PolicyDecision> {
  const home = homeOf(ctx, deps);
  const [{ settings }, sandbox] = await Promise.all([
    workspaceSettings(ctx, { trust, ask: true, uses: POLICY_FIELDS, home }),
    sandboxStatus({ workspace: ctx.workspace, home, env: ctx.env }),
  ]);
  const engine = await PolicyEngine.create({ settings, workspaceRoot: ctx.workspace, homeDir: home, sandbox: sandbox.state });
  return engine.evaluate({ kind: 'command', command, cwd: ctx.workspace });
}

/** Hooks run through the agent service, with --yes and --trust as the terminal's answers. */
function hookAgent(ctx: CliContext, deps: HooksCommandDeps, options: { yes: boolean; trust: boolean }): AgentService {
  return cliAgentService({ ...ctx, env: { ...ctx.env, HOME: homeOf(ctx, deps) } }, options);
}

/**
 * Before hooks start: what the workspace's settings ask for beyond the user's is asked about on a
 * terminal (or applied with --trust); the hooks' policy then reads the answer.
 */
async function askWorkspaceSettings(ctx: CliContext, deps: HooksCommandDeps, trust: boolean): Promise<void> {
  await workspaceSettings(ctx, { trust, ask: true, uses: POLICY_FIELDS, home: homeOf(ctx, deps), warnings: false });
}

function refuseUntrusted(settings: HookSettings): never {
  throw new UsageError(`this workspace is not trusted, so hooks do not run${settings.trustNote ? ` (${settings.trustNote})` : ''}.`, settings.trustRemedy);
}

function flags(args: string[], allowed: Array<'json' | 'dry-run' | 'trust' | 'yes' | 'file'>, command: string) {
  const options = Object.fromEntries(allowed.map((name) => [name, name === 'file' ? { type: 'string' as const, multiple: true } : { type: 'boolean' as const }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const v = values as { json?: boolean; 'dry-run'?: boolean; trust?: boolean; yes?: boolean; file?: string[] };
    return { json: !!v.json, dryRun: !!v['dry-run'], trust: !!v.trust, yes: !!v.yes, files: v.file ?? [], positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The home folder whose ~/.kiro is read: injected, else $HOME of the CLI's environment. */
function homeOf(ctx: CliContext, deps: HooksCommandDeps): string {
  return deps.home ?? ctx.env.HOME ?? os.homedir();
}

async function load(ctx: CliContext, deps: HooksCommandDeps): Promise<LoadedHooks> {
  return loadHooks(ctx.workspace, { home: homeOf(ctx, deps) });
}

async function listHooks(args: string[], ctx: CliContext, deps: HooksCommandDeps): Promise<number> {
  const { json, positionals } = flags(args, ['json'], 'hooks list');
  if (positionals.length) throw new UsageError(`hooks list takes no arguments (got "${positionals[0]}")`);
  const { hooks, errors } = await load(ctx, deps);
  if (json) {
    ctx.stdout(JSON.stringify({ hooks: hooks.map((h) => ({ name: h.name, file: h.file, trigger: h.trigger, enabled: h.enabled, action: h.action })), errors }) + '\n');
    return errors.length ? ExitCode.failure : ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!hooks.length && !errors.length) ctx.stdout('No hooks yet. Add one to .kiro/hooks/, or run: specwright hooks new "what it should do"\n');
  if (hooks.length) {
    const rows = hooks.map((h) => [h.enabled ? h.name : paint('dim', `${h.name} (disabled)`), h.trigger, describeAction(h), paint('dim', h.file)]);
    ctx.stdout(formatTable([['NAME', 'TRIGGER', 'ACTION', 'FILE'].map((c) => paint('bold', c)), ...rows]) + '\n');
  }
  for (const error of errors) ctx.stderr(paint('red', `! ${error.message}`) + '\n');
  return errors.length ? ExitCode.failure : ExitCode.ok;
}

async function runOneHook(args: string[], ctx: CliContext, deps: HooksCommandDeps): Promise<number> {
  const { json, dryRun, trust, yes, files, positionals } = flags(args, ['json', 'dry-run', 'trust', 'yes', 'file'], 'hooks run');
  const [name, extra] = positionals;
  if (!name) throw new UsageError('hooks run needs a hook name; run "specwright hooks list" to see them');
  if (extra !== undefined) throw new UsageError(`hooks run takes one hook name (got also "${extra}"); quote names with spaces`);
  const hook = findHook((await load(ctx, deps)).hooks, name);
  const paths = files.map((f) => path.relative(ctx.workspace, path.resolve(ctx.workspace, f)).split(path.sep).join('/'));
  const settings = await readHookSettings(ctx.workspace, { home: homeOf(ctx, deps) });

  if (dryRun) {
    const event: HookEvent = { hook: hook.name, trigger: hook.trigger, paths, manual: true, workspace: ctx.workspace };
    const plan = hook.action.type === 'command'
      ? { env: hookEnvironment(hook, event), policy: await policyDecision(ctx, deps, hook.action.command, trust) }
      : { prompt: agentPromptFor(hook, event, hook.action.prompt) };
    if (json) ctx.stdout(JSON.stringify({ hook: hook.name, dryRun: true, event, action: hook.action, ...plan }) + '\n');
    else printDryRun(ctx, hook, plan, settings.trusted || trust);
    return ExitCode.ok;
  }
  if (!hook.enabled) throw new UsageError(`hook "${hook.name}" is disabled ("enabled": false in ${hook.file}); enable it to run it, or use --dry-run`);
  if (!(trust || settings.trusted)) refuseUntrusted(settings);

  await askWorkspaceSettings(ctx, deps, trust);
  const stream = new ActivityStream(`hooks-run-${Date.now()}`);
  if (!json) stream.subscribe(createActivityPrinter(ctx));
  const hooks = await hookAgent(ctx, deps, { yes, trust }).startHooks({ workspace: ctx.workspace, watch: false, emit: (e) => stream.emit(e) });
  const onAbort = () => void hooks.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await hooks.dispatcher.runHook(hook, { paths });
    if (json) ctx.stdout(JSON.stringify(result) + '\n');
    return result.ok ? ExitCode.ok : ExitCode.failure;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await hooks.close();
  }
}

async function watchHooks(args: string[], ctx: CliContext, deps: HooksCommandDeps): Promise<number> {
  const { trust, yes, positionals } = flags(args, ['trust', 'yes'], 'hooks watch');
  if (positionals.length) throw new UsageError(`hooks watch takes no arguments (got "${positionals[0]}")`);
  const settings = await readHookSettings(ctx.workspace, { home: homeOf(ctx, deps) });
  if (!(trust || settings.trusted)) refuseUntrusted(settings);
  const paint = painter(ctx);
  const stream = new ActivityStream(`hooks-watch-${Date.now()}`);
  stream.subscribe(createActivityPrinter(ctx));
  let announced = false;
  await askWorkspaceSettings(ctx, deps, trust);
  const hooks = await hookAgent(ctx, deps, { yes, trust }).startHooks({
    workspace: ctx.workspace,
    watch: true,
    debounceMs: settings.debounceMs,
    emit: (e) => stream.emit(e),
    onLoad: ({ hooks: loaded, errors }) => {
      const active = loaded.filter((h) => h.enabled && h.trigger !== 'Manual');
      ctx.stdout(paint('gray', `${announced ? 'Reloaded' : 'Watching'}: ${active.length} hook${active.length === 1 ? '' : 's'} (${active.map((h) => h.name).join(', ') || 'none'})`) + '\n');
      for (const error of errors) ctx.stderr(paint('red', `! ${error.message}`) + '\n');
      announced = true;
    },
    onWatchError: (error) => ctx.stderr(paint('red', `! watcher: ${error.message}`) + '\n'),
  });
  ctx.stdout(paint('gray', `Watching ${ctx.workspace} for changes; Ctrl+C to stop.`) + '\n');
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await hooks.close();
  ctx.stdout(paint('gray', 'Stopped watching.') + '\n');
  return ExitCode.ok;
}

async function newHook(args: string[], ctx: CliContext, deps: HooksCommandDeps): Promise<number> {
  const { dryRun, positionals } = flags(args, ['dry-run'], 'hooks new');
  const description = positionals.join(' ').trim();
  if (!description) throw new UsageError('hooks new needs a description, e.g. specwright hooks new "run eslint --fix on saved TypeScript files"');
  const complete = await completerFor(ctx, deps);
  const draft = await draftHook(description, complete, { workspace: ctx.workspace, signal: ctx.signal }).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  if (dryRun) {
    ctx.stdout(`${draft.file} (not saved):\n${draft.text}`);
    return ExitCode.ok;
  }
  const file = await saveHookDraft(ctx.workspace, draft, cliOwnWrites(ctx));
  ctx.stdout(`Created ${file}: "${draft.hook.name}" on ${draft.hook.trigger}, ${describeAction(draft.hook)}\n`);
  return ExitCode.ok;
}

function findHook(hooks: Hook[], name: string): Hook {
  const exact = hooks.filter((h) => h.name === name);
  const found = exact.length ? exact : hooks.filter((h) => h.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new UsageError(`${found.length} hooks are named "${name}" (${found.map((h) => h.file).join(', ')}); rename one`);
  const names = hooks.map((h) => `"${h.name}"`).join(', ');
  throw new UsageError(`no hook named "${name}"${names ? `; the hooks are ${names}` : ' (there are no hooks)'}`);
}

/** The model that drafts hook files: the agent's, reached the way runs reach it. */
async function completerFor(ctx: CliContext, deps: HooksCommandDeps): Promise<TextCompleter> {
  if (deps.completer) return deps.completer(ctx);
  try {
    return textCompleter(await hookAgent(ctx, deps, { yes: false, trust: false }).textModel(ctx.workspace));
  } catch (error) {
    if (error instanceof ModelError) throw UsageError.from(error);
    throw error;
  }
}

function describeAction(hook: Hook): string {
  return hook.action.type === 'command' ? `command: ${hook.action.command}` : `agent: ${oneLine(hook.action.prompt, 60)}`;
}

type DryRunPlan = { env: Record<string, string>; policy: PolicyDecision } | { prompt: string };

function printDryRun(ctx: CliContext, hook: Hook, plan: DryRunPlan, trusted: boolean): void {
  const paint = painter(ctx);
  const lines = [`Hook "${hook.name}" (${hook.trigger}, ${hook.file}) would ${'prompt' in plan ? 'send the agent' : 'run'}:`];
  if ('prompt' in plan) {
    lines.push(...plan.prompt.split('\n').map((l) => `  ${l}`));
  } else if (hook.action.type === 'command') {
    lines.push(`  ${hook.action.command}`, paint('gray', `  policy: ${plan.policy.decision} (${plan.policy.reason})`));
    lines.push(paint('gray', `  env: ${Object.keys(plan.env).join(', ')}; the event as JSON on stdin`));
  }
  if (!hook.enabled) lines.push(paint('yellow', '  (disabled: it does not fire until "enabled" is true)'));
  if (!trusted) lines.push(paint('yellow', '  (this workspace is not trusted: nothing runs without --trust)'));
  ctx.stdout(lines.join('\n') + '\n');
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}
