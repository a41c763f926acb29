import { execFile } from 'node:child_process';
import type { ModelProviderOptions } from '../model';
import { describeSandbox, sandboxReport } from '../sandbox';

/** `ok`: fine. `problem`: something to fix (with how). `not checked`: could not tell here (with why). */
export type CheckStatus = 'ok' | 'problem' | 'not checked';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** How to fix it, for a problem (or how to get it checked). */
  fix?: string;
  /** What a face can offer to fix it: a button in VS Code, a command line in the terminal. */
  remedy?: DoctorRemedy;
  /** The individual findings behind the detail (each names its file), for a list under the line. */
  items?: string[];
}

export type DoctorRemedy = { kind: 'setApiKey' } | { kind: 'trustWorkspace' };

/** What a check may look at: the workspace, the environment it runs in, the user's home. */
export interface DoctorContext {
  workspace: string;
  env: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
  nodeVersion?: string;
  /** The key and endpoint as the face resolves them for runs (flags, secret store, settings). */
  model?: Omit<ModelProviderOptions, 'env'>;
  /** Make no network request (the key and the endpoint are then not checked). */
  offline?: boolean;
  /** The host's workspace trust; undefined where there is none (a terminal). */
  workspaceTrusted?: boolean;
}

/**
 * One line of `specwright doctor` (and VS Code's Check Setup). The list is open: a check is a plain
 * object, and others add theirs (key, endpoint, trust, `.kiro/` files) to DOCTOR_CHECKS.
 */
export interface DoctorCheck {
  id: string;
  title: string;
  run(ctx: DoctorContext): Promise<Omit<CheckResult, 'id' | 'title'>>;
}

/** The oldest Node the CLI supports (package.json engines). */
export const MINIMUM_NODE = [20, 19] as const;

export const sandboxCheck: DoctorCheck = {
  id: 'sandbox',
  title: 'Command sandbox',
  async run(ctx) {
    const { status, notes } = await sandboxReport({ workspace: ctx.workspace, env: ctx.env, ...(ctx.home ? { home: ctx.home } : {}), ...(ctx.platform ? { platform: ctx.platform } : {}) });
    const detail = describeSandbox(status);
    // What it hides and keeps read-only here, and why: before a command runs into it.
    const items = notes.length ? { items: notes } : {};
    if (status.state === 'on') return status.networkProblem ? { status: 'problem', detail, fix: status.networkProblem, ...items } : { status: 'ok', detail, ...items };
    return { status: 'problem', detail: `${status.state === 'off' ? 'off' : 'unavailable'}: ${status.reason}`, ...(status.remedy ? { fix: status.remedy } : {}) };
  },
};

export const gitCheck: DoctorCheck = {
  id: 'git',
  title: 'git',
  async run(ctx) {
    const version = await new Promise<string | null>((resolve) => {
      execFile('git', ['--version'], { env: ctx.env, timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
    });
    if (!version) return { status: 'problem', detail: 'git was not found on PATH; checkpoints and commit messages need it', fix: 'install git (`sudo apt install git`, `brew install git`, or git-scm.com)' };
    return { status: 'ok', detail: version };
  },
};

export const nodeCheck: DoctorCheck = {
  id: 'node',
  title: 'Node.js',
  async run(ctx) {
    const version = ctx.nodeVersion ?? process.versions.node;
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const [needMajor, needMinor] = MINIMUM_NODE;
    const recent = major > needMajor || (major === needMajor && minor >= needMinor);
    return recent
      ? { status: 'ok', detail: `Node ${version}` }
      : { status: 'problem', detail: `Node ${version} is older than ${needMajor}.${needMinor}`, fix: `install Node ${needMajor}.${needMinor} or newer (nodejs.org, or your version manager)` };
  },
};
