import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/core/process';
import { prepareSandbox, type Sandbox } from '../../../src/core/sandbox';
import { makeAttackFixture, SECRET_MARK, startCanaryServer, type AttackFixture } from '../../support/sandboxFixture';

let fixture: AttackFixture;
let sandbox: Sandbox;
let server: Awaited<ReturnType<typeof startCanaryServer>>;

beforeAll(async () => {
  server = await startCanaryServer();
});
afterAll(() => server.close());

afterEach(async () => {
  await sandbox?.dispose();
  fixture?.cleanup();
});

async function setUp(settings: { allowedDomains?: string[] } = {}) {
  fixture = makeAttackFixture();
  sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, settings, env: { PATH: process.env.PATH } });
  return fixture;
}

function run(command: string, extra: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  return runCommand({ command, cwd: fixture.workspace, sandbox, env: { HOME: fixture.home, ...extra.env }, timeoutMs: 20_000, ...(extra.signal ? { signal: extra.signal } : {}) });
}

describe('the sandbox on this machine', () => {
  it('is on, through bubblewrap: commands never run unsandboxed here without saying so', async () => {
    await setUp();
    // CI runs as root on Linux with bubblewrap installed: an unavailable sandbox here is a failure, not a skip.
    expect(sandbox.status).toMatchObject({ state: 'on', mechanism: process.platform === 'darwin' ? 'seatbelt' : 'bubblewrap' });
    const result = await run('readlink /proc/self/ns/net; readlink /proc/self/ns/pid; cat /proc/1/comm');
    expect(result.sandboxed).toBe(true);
    const [net, pid, init] = result.output.trim().split('\n');
    expect(net).not.toBe(readlinkSafe('/proc/self/ns/net'));
    expect(pid).not.toBe(readlinkSafe('/proc/self/ns/pid'));
    expect(init).toBe('bwrap');
  });
});

describe('files', () => {
  it('lets a command write anywhere in the workspace and in its private /tmp, and nowhere else', async () => {
    await setUp();
    const before = fixture.snapshot();
    const result = await run(`echo made > src/new.js && echo t > /tmp/x && cat /tmp/x && echo x > ${fixture.canaryDir}/canary.txt; echo y > ${fixture.root}/outside.txt; echo z > ${fixture.home}/.bashrc; echo w > /etc/evil; true`);
    expect(readFileSync(path.join(fixture.workspace, 'src/new.js'), 'utf8')).toBe('made\n');
    expect(result.output).toContain('t\n');
    expect(result.output).toMatch(/Read-only file system|No such file/);
    expect(fixture.snapshot()).toEqual(before);
    expect(existsSync('/etc/evil')).toBe(false);
    expect(sandbox.explainFailure(result.output)).toMatch(/read-only/);
  });

  it('hides secrets files in the workspace and the credential folders of home, however they are reached', async () => {
    await setUp();
    const result = await run('cat .env .env.local certs/server.key deploy/id_rsa; f=.env; cat "$f"; ln -s .env link && cat link; cp .env copy; cat copy; cat ~/.ssh/id_ed25519 ~/.aws/credentials ~/.netrc ~/.bash_history ~/.config/gh/hosts.yml; ls -la ~/.ssh; grep -r TOKEN . ~ 2>&1 | head -50');
    expect(result.output).not.toContain(SECRET_MARK);
    expect(result.output).toContain('Permission denied');
  });

  it('hides a secrets file that appeared since the last command, by a command or from outside, however deep', async () => {
    await setUp();
    await run('true');
    // Made by a sandboxed command (it may write there), then read by the next one.
    await run(`mkdir -p src/a/b/c && echo ${SECRET_MARK} > src/a/b/c/.env.test`);
    // Made outside the sandbox between commands: in a folder known from before, and moved in whole.
    writeFileSync(path.join(fixture.workspace, 'src', 'server.key'), SECRET_MARK);
    mkdirSync(path.join(fixture.root, 'incoming', 'conf'), { recursive: true });
    writeFileSync(path.join(fixture.root, 'incoming', 'conf', 'credentials.json'), SECRET_MARK);
    renameSync(path.join(fixture.root, 'incoming'), path.join(fixture.workspace, 'src', 'incoming'));
    const result = await run('cat src/a/b/c/.env.test src/server.key src/incoming/conf/credentials.json; grep -r SECRET src');
    expect(result.output).not.toContain(SECRET_MARK);
    expect(result.output.match(/Permission denied/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps .git/, .kiro/ settings, hooks and agents, .vscode/ and mcp.json read-only, but lets git store objects', async () => {
    await setUp();
    const before = fixture.snapshot();
    const result = await run(
      [
        'echo "[core] fsmonitor = evil" >> .git/config',
        'echo evil > .git/hooks/pre-commit',
        'echo evil > .git/commondir',
        `echo '{"agent":{"autonomyLevel":"full"}}' > .kiro/settings.json`,
        'echo evil > .kiro/hooks/evil.kiro.hook',
        'echo evil > .vscode/tasks.json',
        'echo evil > mcp.json',
        'mv .kiro kiro-moved',
        'mv .git git-moved',
        'echo "- [x] 1. Done" > .kiro/specs/demo/tasks.md',
        'git hash-object -w README.md',
        'true',
      ].join('; '),
    );
    expect(result.output).toMatch(/[0-9a-f]{40}/);
    expect(readFileSync(path.join(fixture.workspace, '.kiro/specs/demo/tasks.md'), 'utf8')).toBe('- [x] 1. Done\n');
    const after = fixture.snapshot();
    expect(after).toEqual(before);
    expect(existsSync(path.join(fixture.workspace, '.git/commondir'))).toBe(false);
    expect(existsSync(path.join(fixture.workspace, 'kiro-moved'))).toBe(false);
  });

  it('does not let a command create .vscode or .git where there is none, and leaves no trace of the guard', async () => {
    await setUp();
    const ws = fixture.workspace;
    for (const dir of ['.vscode', '.git']) {
      await runCommand({ command: `rm -rf ${dir}`, cwd: ws });
    }
    const result = await run('mkdir -p .vscode && echo evil > .vscode/tasks.json; git init -q; echo "[core] hooksPath=/tmp" > .git/config; true');
    expect(result.exitCode).toBe(0);
    expect(existsSync(path.join(ws, '.vscode'))).toBe(false);
    expect(existsSync(path.join(ws, '.git'))).toBe(false);
    expect(readdirSync(ws)).not.toContain('.vscode');
  });
});

describe('network', () => {
  it('has none: a server on this machine is never reached, and the model is told why', async () => {
    await setUp();
    const result = await run(`curl -sS -m 5 http://127.0.0.1:${server.port}/ ; (exec 3<>/dev/tcp/127.0.0.1/${server.port}) ; node -e "require('http').get('http://127.0.0.1:${server.port}').on('error', e => { console.log(e.code); })"; curl -sS -m 5 https://example.com/ ; true`);
    expect(server.connections()).toBe(0);
    expect(sandbox.explainFailure(result.output)).toMatch(/network access is blocked by the sandbox/);
  });

  it('opens exactly the allowed hosts through the proxy', async () => {
    await setUp({ allowedDomains: [`127.0.0.1:${server.port}`] });
    expect(sandbox.status.allowedDomains).toEqual([`127.0.0.1:${server.port}`]);
    const allowed = await run(`curl -sS -m 5 --noproxy '' http://127.0.0.1:${server.port}/`);
    expect(allowed.output).toContain('reached');
    expect(server.connections()).toBe(1);
    const blocked = await run(`curl -sS -m 5 --noproxy '' http://example.com/ ; curl -sS -m 5 --noproxy '' https://example.com/`);
    expect(blocked.output).toContain('blocked by the Specwright sandbox');
    expect(server.connections()).toBe(1);
    expect(sandbox.explainFailure(blocked.output)).toMatch(/only 127\.0\.0\.1/);
  });
});

describe('environment and processes', () => {
  it('gives commands no API key, no secrets from the environment and no configuration redirectors', async () => {
    await setUp();
    const env = {
      ANTHROPIC_API_KEY: `${SECRET_MARK}-a`,
      GITHUB_TOKEN: `${SECRET_MARK}-b`,
      AWS_SECRET_ACCESS_KEY: `${SECRET_MARK}-c`,
      DATABASE_URL: `postgres://app:${SECRET_MARK}@db/app`,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.pager',
      GIT_CONFIG_VALUE_0: 'touch /tmp/pwned',
      npm_config_script_shell: '/tmp/evil',
      BASH_ENV: '/tmp/evil.sh',
      LESSOPEN: '|/tmp/evil %s',
      'BASH_FUNC_ls%%': '() { echo evil; }',
      NODE_OPTIONS: '--require /tmp/evil.js',
      KEEP_ME: 'kept',
      GIT_AUTHOR_NAME: 'Agent',
    };
    const result = await run('env', { env });
    expect(result.output).not.toContain(SECRET_MARK);
    for (const name of ['GIT_CONFIG_COUNT', 'npm_config_script_shell', 'BASH_ENV', 'LESSOPEN', 'BASH_FUNC_ls', 'NODE_OPTIONS']) expect(result.output).not.toContain(`${name}=`);
    expect(result.output).toContain('KEEP_ME=kept');
    expect(result.output).toContain('GIT_AUTHOR_NAME=Agent');
  });

  it('stops every process inside the sandbox on Stop, background ones included', async () => {
    await setUp();
    const marker = `${Date.now() % 100000}.${process.pid % 1000}`;
    const stop = new AbortController();
    const running = run(`sleep ${marker} & bash -c "sleep ${marker}" & sleep ${marker}`, { signal: stop.signal });
    await waitFor(() => sleepers(marker) === 3);
    stop.abort();
    const result = await running;
    expect(result.aborted).toBe(true);
    await waitFor(() => sleepers(marker) === 0);
  });

  it('ends what a command left in the background once it finishes', async () => {
    await setUp();
    const marker = `${Date.now() % 100000}.${(process.pid % 1000) + 1}`;
    const result = await run(`(sleep ${marker} &) ; echo started`);
    expect(result.output).toBe('started\n');
    await waitFor(() => sleepers(marker) === 0);
  });
});

describe('turning it off', () => {
  it('is off with SPECWRIGHT_SANDBOX=off, and commands then run as they are', async () => {
    fixture = makeAttackFixture();
    sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, env: { PATH: process.env.PATH, SPECWRIGHT_SANDBOX: 'off' }, settings: {} });
    expect(sandbox.status).toMatchObject({ state: 'off', reason: expect.stringContaining('SPECWRIGHT_SANDBOX=off') });
    const result = await run('cat .env');
    expect(result.sandboxed).toBe(false);
    expect(result.output).toContain(SECRET_MARK);
  });

  it('is off when the user’s own settings say so, and says which file', async () => {
    fixture = makeAttackFixture();
    sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, env: { PATH: process.env.PATH }, settings: { enabled: false } });
    expect(sandbox.status.state).toBe('off');
    expect(sandbox.status.reason).toContain(path.join(fixture.home, '.kiro', 'settings.json'));
  });

  it('is unavailable without bubblewrap, with how to install it', async () => {
    fixture = makeAttackFixture();
    sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, env: { PATH: fixture.root }, settings: {}, platform: 'linux' });
    expect(sandbox.status).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('bubblewrap'), remedy: expect.stringContaining('apt install bubblewrap') });
  });

  it('is unavailable on Windows, pointing at WSL', async () => {
    fixture = makeAttackFixture();
    sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, env: {}, settings: {}, platform: 'win32' });
    expect(sandbox.status).toMatchObject({ state: 'unavailable', remedy: expect.stringContaining('WSL') });
  });
});

function readlinkSafe(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
}

/** How many `sleep MARKER` processes run on this machine (found through /proc, pid namespaces or not). */
function sleepers(marker: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (cmd[0] === 'sleep' && cmd[1] === marker && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') count++;
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

async function waitFor(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
