import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Text no honest command prints: finding it in output or in any file the command wrote means a leak. */
export const SECRET_MARK = 'SECRET-7c1e-do-not-leak';

/**
 * A workspace as an attacker finds it, with everything the sandbox must protect around it:
 * - `ws/`: a git repository with secrets files, protected configuration and ordinary sources;
 * - `canary/` beside it and `outside.txt`: files no command may change;
 * - `home/`: a home folder with credential folders (commands get it as HOME).
 */
export interface AttackFixture {
  root: string;
  workspace: string;
  home: string;
  canaryDir: string;
  /** Files whose bytes must be the same after any command. */
  protectedFiles: string[];
  /** Hashes of everything outside the workspace and of the protected files, to compare afterwards. */
  snapshot(): Map<string, string>;
  /** Puts every file back as it was made (fast: a copy, no git), for the next attack. */
  reset(): void;
  cleanup(): void;
}

export const PROTECTED_WORKSPACE_FILES = [
  '.git/config',
  '.git/HEAD',
  '.git/hooks/pre-commit.sample',
  '.kiro/settings.json',
  '.kiro/settings/mcp.json',
  '.kiro/hooks/lint.kiro.hook',
  '.kiro/agents/helper.md',
  '.vscode/settings.json',
  '.vscode/tasks.json',
  'mcp.json',
];

export const SECRET_WORKSPACE_FILES = ['.env', '.env.local', 'config/.env.production', 'certs/server.key', 'certs/server.pem', 'deploy/id_rsa', '.npmrc', 'credentials.json'];

/**
 * Where fixtures are made: never under the system temp folder, which the sandbox replaces with a
 * private one, so a canary there would be out of every command's sight and prove nothing.
 */
function fixtureBase(): string {
  const base = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/sandbox-fixtures');
  mkdirSync(base, { recursive: true });
  const real = realpathSync(base);
  const tmp = realpathSync(os.tmpdir());
  if (real === tmp || real.startsWith(`${tmp}/`) || real === '/tmp' || real.startsWith('/tmp/')) {
    throw new Error(`The sandbox tests need their fixtures outside the temp folder (${tmp}), which every sandboxed command sees as its own private one; this checkout is under it: clone the repository elsewhere.`);
  }
  return real;
}

export function makeAttackFixture(): AttackFixture {
  const root = mkdtempSync(path.join(fixtureBase(), 'sw-attack-'));
  const workspace = path.join(root, 'ws');
  const home = path.join(root, 'home');
  const canaryDir = path.join(root, 'canary');
  const files: Record<string, string> = {
    'ws/package.json': JSON.stringify({ name: 'victim', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2),
    'ws/src/index.js': 'module.exports = 1;\n',
    'ws/README.md': '# victim\n',
    'ws/.kiro/settings.json': JSON.stringify({ agent: { autonomyLevel: 'balanced' } }),
    'ws/.kiro/settings/mcp.json': JSON.stringify({ mcpServers: {} }),
    'ws/.kiro/hooks/lint.kiro.hook': JSON.stringify({ name: 'lint', when: { type: 'fileEdited', patterns: ['*.js'] }, then: { type: 'runCommand', command: 'true' } }),
    'ws/.kiro/agents/helper.md': '# helper\n',
    'ws/.kiro/specs/demo/tasks.md': '- [ ] 1. Do it\n',
    'ws/.vscode/settings.json': '{}\n',
    'ws/.vscode/tasks.json': '{"version":"2.0.0","tasks":[]}\n',
    'ws/mcp.json': '{}\n',
    'ws/.husky/pre-commit': 'npm test\n',
    'ws/.github/workflows/ci.yml': 'on: push\n',
    'ws/sub/package.json': '{}\n',
    'canary/canary.txt': 'canary\n',
    'outside.txt': 'outside\n',
    'home/.ssh/id_ed25519': `${SECRET_MARK}-ssh\n`,
    'home/.aws/credentials': `[default]\naws_secret_access_key=${SECRET_MARK}-aws\n`,
    'home/.config/gh/hosts.yml': `github.com:\n  oauth_token: ${SECRET_MARK}-gh\n`,
    'home/.docker/config.json': `{"auths":{"x":{"auth":"${SECRET_MARK}-docker"}}}\n`,
    'home/.kube/config': `token: ${SECRET_MARK}-kube\n`,
    'home/.netrc': `machine example.com password ${SECRET_MARK}-netrc\n`,
    'home/.git-credentials': `https://u:${SECRET_MARK}-gitcred@example.com\n`,
    'home/.bash_history': `export TOKEN=${SECRET_MARK}-history\n`,
    'home/.bashrc': '# rc\n',
    'home/.gitconfig': '[user]\n\tname = Victim\n\temail = victim@example.invalid\n',
  };
  for (const secret of SECRET_WORKSPACE_FILES) files[`ws/${secret}`] = `TOKEN=${SECRET_MARK}-${path.basename(secret)}\n`;
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe', env: { ...process.env, HOME: home } });
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(workspace, '.git/hooks/pre-commit.sample'), '#!/bin/sh\nexit 0\n');
  git('add', 'package.json', 'src', 'README.md');
  git('commit', '-q', '-m', 'initial');
  // A nested repository (a submodule-like checkout): its configuration runs programs too.
  execFileSync('git', ['init', '-q'], { cwd: path.join(workspace, 'sub'), stdio: 'pipe' });
  const pristine = `${root}.pristine`;
  cpSync(root, pristine, { recursive: true, verbatimSymlinks: true });
  const protectedFiles = PROTECTED_WORKSPACE_FILES.map((f) => path.join(workspace, f));

  return {
    root,
    workspace,
    home,
    canaryDir,
    protectedFiles,
    snapshot: () => {
      const hashes = new Map<string, string>();
      for (const file of walk(root, (p) => p === workspace)) hashes.set(file, hashOf(file));
      for (const file of [...protectedFiles, ...protectedTree(workspace)]) hashes.set(file, hashOf(file));
      return hashes;
    },
    reset: () => {
      // One process is much faster than Node's file-by-file copy.
      execFileSync('sh', ['-c', 'rm -rf "$1" && cp -a "$2" "$1"', 'reset', root, pristine]);
    },
    cleanup: () => {
      rmSync(root, { recursive: true, force: true });
      rmSync(pristine, { recursive: true, force: true });
    },
  };
}

/**
 * Everything in the places a command may not change: `.git` (but the objects, refs and logs git
 * writes), `.kiro` (but specs), `.vscode`, `.github`, `.husky`, nested repositories, and which of
 * those exist at the top of the workspace (a moved or new one shows).
 */
function protectedTree(workspace: string): string[] {
  const gitWritable = new Set(['objects', 'refs', 'logs'].map((d) => path.join(workspace, '.git', d)));
  const kiroWritable = new Set(['specs', 'steering'].map((d) => path.join(workspace, '.kiro', d)));
  const top = readdirSync(workspace).filter((n) => n.startsWith('.') || n.startsWith('kiro') || n.startsWith('git')).map((n) => `${path.join(workspace, n)}?`);
  return [
    ...top,
    ...walk(path.join(workspace, '.git'), (p) => gitWritable.has(p)),
    ...walk(path.join(workspace, '.kiro'), (p) => kiroWritable.has(p)),
    ...walk(path.join(workspace, '.vscode'), () => false),
    ...walk(path.join(workspace, '.github'), () => false),
    ...walk(path.join(workspace, '.husky'), () => false),
    ...walk(path.join(workspace, 'sub'), () => false),
  ];
}

/** Every file under `dir` (symlinks as themselves), skipping folders `skip` names. */
export function walk(dir: string, skip: (p: string) => boolean): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    if (entry.isDirectory()) out.push(`${p}/`, ...walk(p, skip));
    else out.push(p);
  }
  return out;
}

function hashOf(file: string): string {
  if (file.endsWith('?')) return 'present';
  if (file.endsWith('/')) return 'dir';
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return `mode:${stat.mode}`;
    return `${stat.mode}:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  } catch {
    return 'missing';
  }
}

/** A TCP server on loopback that counts connections: commands in the sandbox must never reach it. */
export async function startCanaryServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const open = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    count++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.end(`HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nreached`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, connections: () => count, close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Files under the workspace that hold secret text and are not the secrets files themselves (moved or
 * not: a moved secret is the same file, still hidden by name). A symlink to a secret holds nothing.
 */
export function filesHoldingSecret(workspace: string): string[] {
  const secretNames = new Set(SECRET_WORKSPACE_FILES.map((f) => path.basename(f)));
  return walk(workspace, (p) => p === path.join(workspace, '.git'))
    .filter((f) => !f.endsWith('/') && !secretNames.has(path.basename(f)))
    .filter((f) => {
      try {
        return lstatSync(f).isFile() && readFileSync(f, 'utf8').includes(SECRET_MARK);
      } catch {
        return false;
      }
    });
}
