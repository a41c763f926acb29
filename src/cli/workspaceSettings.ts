import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { confirmWorkspaceSettings, consentFileIn, loadSettings, SettingsError, type LoadedSettings, type WorkspaceSettingsRequest } from '../core/settings';
import { painter, UsageError, type CliContext } from './io';

export interface WorkspaceSettingsOptions {
  /** `--trust`: apply what the workspace asks for, this time, without asking or keeping a yes. */
  trust: boolean;
  /** Ask on a terminal when the workspace asks for more than the user's settings allow (commands that act). */
  ask: boolean;
  home?: string;
  /** The settings this command uses (default: all); a request about none of them is not mentioned. */
  uses?: (field: string) => boolean;
  /** False: the settings' warnings are left to whoever reads them next (the agent, which tells them). */
  warnings?: boolean;
}

/** The settings the command policy reads (what hooks and `policy` use). */
export const POLICY_FIELDS = (field: string): boolean => !field.startsWith('model.') && field !== 'agent.verifyCommand';

/** The settings one-shot model calls read (spec phases, commit messages, hook drafts). */
export const MODEL_FIELDS = (field: string): boolean => field.startsWith('model.');

/**
 * The settings a CLI command works with. When the workspace's own settings ask for more freedom
 * than the user's (a higher autonomy level, allowed commands, another endpoint…), they apply only
 * with `--trust`, or once the person at the terminal says yes (kept outside the repository, so the
 * same request is not asked again, and a changed one is). Otherwise one line says what was left out.
 */
export async function workspaceSettings(ctx: CliContext, options: WorkspaceSettingsOptions): Promise<LoadedSettings> {
  const home = options.home ?? ctx.env.HOME;
  const load = () => loadSettings(ctx.workspace, { ...(home ? { home } : {}), trustWorkspace: options.trust });
  let loaded: LoadedSettings;
  try {
    loaded = await load();
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
  if (options.warnings !== false) for (const warning of loaded.warnings) ctx.stderr(`specwright: ${warning}\n`);
  const request = loaded.workspaceRequest;
  if (!request || request.applied || !request.items.some((item) => (options.uses ?? (() => true))(item.field))) return loaded;
  if (options.ask && ctx.stdin?.isTTY) {
    if (await askToApply(ctx, request)) {
      await confirmWorkspaceSettings(request, home ? { home } : {});
      ctx.stderr(`specwright: applied; your yes is kept in ${home ? consentFileIn(home) : 'your home folder'} (a change to these settings asks again)\n`);
      return load();
    }
    ctx.stderr('specwright: left out; the agent asks as your own settings say (you will be asked again next time)\n');
    return loaded;
  }
  ctx.stderr(`specwright: ${describeRequest(request)}; not applied until you confirm them (run this on a terminal, or pass --trust)\n`);
  return loaded;
}

/** One line: which files ask for what. */
export function describeRequest(request: WorkspaceSettingsRequest): string {
  const files = [...new Set(request.items.map((i) => i.file))];
  return `${files.join(' and ')} ${files.length === 1 ? 'asks' : 'ask'} to make the agent ask less: ${request.items.map((i) => i.summary).join('; ')}`;
}

function askToApply(ctx: CliContext, request: WorkspaceSettingsRequest): Promise<boolean> {
  const paint = painter(ctx);
  const files = [...new Set(request.items.map((i) => i.file))].join(' and ');
  const lines = [
    paint('yellow', `This workspace's settings (${files}) ask Specwright to ask you less than your own settings do:`),
    ...request.items.map((i) => `  - ${i.summary}   (${i.field})`),
    'They came with the workspace, not from you. Apply them here from now on?',
  ];
  ctx.stderr(`${lines.join('\n')}\n`);
  return new Promise((resolve, reject) => {
    const output = new Writable({ write: (chunk: Buffer | string, _encoding, done) => (ctx.stderr(String(chunk)), done()) });
    const rl = readline.createInterface({ input: ctx.stdin!, output, terminal: false });
    const onAbort = () => {
      rl.close();
      reject(ctx.signal.reason ?? new Error('stopped'));
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const ask = () =>
      rl.question(paint('yellow', 'Apply these workspace settings? [y]es / [n]o (keep asking): '), (reply) => {
        const answer = reply.trim().toLowerCase();
        const yes = answer === 'y' || answer === 'yes';
        if (!yes && answer !== 'n' && answer !== 'no' && answer !== '') return ask();
        ctx.signal.removeEventListener('abort', onAbort);
        rl.close();
        resolve(yes);
      });
    ask();
  });
}
