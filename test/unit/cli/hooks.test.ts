import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHooksCommand } from '../../../src/cli/commands/hooks';
import { runCli } from '../../../src/cli/cli';
import type { CliContext } from '../../../src/cli/io';
import { parseHookFile, type TextCompleter } from '../../../src/core/hooks';
import { folderWith, logLines, v1File, waitFor } from '../hooks/fixtures';

/** Runs `specwright …` in-process with $HOME pointing at `home` (for ~/.kiro). */
async function cli(argv: string[], workspace: string, options: { home?: string; signal?: AbortSignal; output?: string[] } = {}) {
  const stdout = options.output ?? [];
  const stderr: string[] = [];
  const home = options.home ?? folderWith({}, 'sw-home-');
  const code = await runCli(['--workspace', workspace, ...argv], {
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    isTTY: false,
    env: { HOME: home },
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Hooks log into the workspace: the command policy refuses writes outside it. */
function workspaceWithHooks() {
  return folderWith({
    'src/app.ts': '',
    '.kiro/hooks/lint.json': v1File(
      { name: 'Lint', trigger: 'PostFileSave', matcher: '\\.ts$', action: { type: 'command', command: 'echo "linted $KIRO_HOOK_PATHS" | tee -a hooks.log' } },
      { name: 'Fails', trigger: 'Manual', action: { type: 'command', command: 'echo broken >&2; exit 4' } },
      { name: 'Review', trigger: 'PostFileCreate', enabled: false, action: { type: 'agent', prompt: 'Review the new file.' } },
    ),
  });
}

describe('specwright hooks', () => {
  it('lists hooks as JSON in the documented shape', async () => {
    const workspace = workspaceWithHooks();
    const { code, stdout } = await cli(['hooks', 'list', '--json'], workspace);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      hooks: [
        { name: 'Lint', file: '.kiro/hooks/lint.json', trigger: 'PostFileSave', enabled: true, action: { type: 'command', command: 'echo "linted $KIRO_HOOK_PATHS" | tee -a hooks.log' } },
        { name: 'Fails', file: '.kiro/hooks/lint.json', trigger: 'Manual', enabled: true, action: { type: 'command', command: 'echo broken >&2; exit 4' } },
        { name: 'Review', file: '.kiro/hooks/lint.json', trigger: 'PostFileCreate', enabled: false, action: { type: 'agent', prompt: 'Review the new file.' } },
      ],
      errors: [],
    });
  });

  it('lists broken hook files as errors next to the good hooks, and exits 1', async () => {
    const workspace = folderWith({
      '.kiro/hooks/ok.kiro.hook': JSON.stringify({ name: 'Ok', when: { type: 'agentStop' }, then: { type: 'runCommand', command: 'true' } }),
      '.kiro/hooks/bad.kiro.hook': JSON.stringify({ name: 'Bad', when: { type: 'onSave' }, then: { type: 'runCommand', command: 'true' } }),
    });
    const json = await cli(['hooks', 'list', '--json'], workspace);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).hooks.map((h: { name: string }) => h.name)).toEqual(['Ok']);
    expect(JSON.parse(json.stdout).errors).toEqual([{ file: '.kiro/hooks/bad.kiro.hook', message: expect.stringMatching(/^\.kiro\/hooks\/bad\.kiro\.hook: when\.type must be one of /) }]);
    const text = await cli(['hooks', 'list'], workspace);
    expect(text.stdout).toContain('Ok');
    expect(text.stderr).toMatch(/^! \.kiro\/hooks\/bad\.kiro\.hook: when\.type must be one of .* \(got "onSave"\); did you mean "fileEdited"\?\n$/);
  });

  it('runs a hook by name for a given file in a trusted workspace and prints what it did', async () => {
    const workspace = workspaceWithHooks();
    const { code, stdout } = await cli(['hooks', 'run', 'Lint', '--file', 'src/app.ts', '--trust'], workspace);
    expect(code).toBe(0);
    expect(logLines(path.join(workspace, 'hooks.log'))).toEqual(['linted src/app.ts']);
    expect(stdout).toContain('⚑ Hook "Lint" (PostFileSave (manual)) src/app.ts');
    expect(stdout).toContain('│ linted src/app.ts');
  });

  it('exits 1 when the hook fails, and prints its result as JSON with --json', async () => {
    const workspace = workspaceWithHooks();
    const { code, stdout } = await cli(['hooks', 'run', 'fails', '--trust', '--json'], workspace);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ hook: 'Fails', ran: true, ok: false, output: 'broken' });
  });

  it('does not run a hook command that .kiro/settings.json forbids, and exits 1 saying why', async () => {
    const workspace = folderWith({
      '.kiro/settings.json': JSON.stringify({ agent: { forbiddenCommands: ['curl'] } }),
      '.kiro/hooks/ping.json': v1File({ name: 'Ping', trigger: 'Manual', action: { type: 'command', command: 'curl -s https://example.com > ping.html' } }),
    });
    const { code, stdout } = await cli(['hooks', 'run', 'Ping', '--trust', '--json'], workspace);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ hook: 'Ping', ran: false, ok: false, output: expect.stringMatching(/^Not run: .*curl.*forbiddenCommands/) });
    expect(existsSync(path.join(workspace, 'ping.html'))).toBe(false);
  });

  it('shows what a dry run would do, as JSON, and runs nothing', async () => {
    const workspace = workspaceWithHooks();
    const { code, stdout } = await cli(['hooks', 'run', 'Lint', '--file', 'src/app.ts', '--dry-run', '--json'], workspace);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan).toMatchObject({
      hook: 'Lint',
      dryRun: true,
      event: { hook: 'Lint', trigger: 'PostFileSave', paths: ['src/app.ts'], manual: true },
      action: { type: 'command' },
      policy: { decision: 'allow' },
    });
    expect(plan.env).toMatchObject({ KIRO_HOOK_PATHS: 'src/app.ts', KIRO_HOOK_NAME: 'Lint' });
    expect(existsSync(path.join(workspace, 'hooks.log'))).toBe(false);
  });

  it('shows the prompt an agent hook would send in a dry run', async () => {
    const { code, stdout } = await cli(['hooks', 'run', 'Review', '--file', 'src/new.ts', '--dry-run', '--json'], workspaceWithHooks());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ hook: 'Review', dryRun: true, prompt: 'Review the new file.\n\n[Hook "Review" fired on PostFileCreate (run by hand)]\nFiles: src/new.ts' });
  });

  it('refuses to run hooks of an untrusted workspace with exit 2 and one line saying how to trust it', async () => {
    const workspace = workspaceWithHooks();
    const { code, stderr } = await cli(['hooks', 'run', 'Lint'], workspace);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^specwright: this workspace is not trusted, so hooks do not run\. Pass --trust, or add ".*" to "hooks.trustedWorkspaces" in ~\/\.kiro\/settings\.json\.\n$/);
    expect(existsSync(path.join(workspace, 'hooks.log'))).toBe(false);
  });

  it('runs hooks of a workspace the user trusts in ~/.kiro/settings.json, but not one that trusts itself', async () => {
    const workspace = workspaceWithHooks();
    const home = folderWith({ '.kiro/settings.json': JSON.stringify({ hooks: { trustedWorkspaces: [workspace] } }) }, 'sw-home-');
    expect((await cli(['hooks', 'run', 'Lint'], workspace, { home })).code).toBe(0);
    const selfTrusting = folderWith({ '.kiro/settings.json': '{"hooks": {"trusted": true}}', '.kiro/hooks/h.json': v1File({ name: 'H', trigger: 'Manual', action: { type: 'command', command: 'true' } }) });
    const refused = await cli(['hooks', 'run', 'H'], selfTrusting);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a repository cannot vouch for itself');
  });

  it('exits 2 for an unknown hook name, naming the hooks there are', async () => {
    const { code, stderr } = await cli(['hooks', 'run', 'Nope', '--trust'], workspaceWithHooks());
    expect(code).toBe(2);
    expect(stderr).toBe('specwright: no hook named "Nope"; the hooks are "Lint", "Fails", "Review"\n');
  });

  it('watches the workspace until stopped, printing the hooks that fired', async () => {
    const workspace = workspaceWithHooks();
    const stop = new AbortController();
    const output: string[] = [];
    const watching = cli(['hooks', 'watch', '--trust'], workspace, { signal: stop.signal, output });
    await waitFor(() => output.join('').includes('for changes; Ctrl+C to stop'), 'the watcher to start');
    appendFileSync(path.join(workspace, 'src/app.ts'), 'export const x = 1;\n');
    await waitFor(() => output.join('').includes('hook "Lint" done'), 'the lint hook');
    stop.abort();
    const { code } = await watching;
    expect(code).toBe(0);
    expect(output.join('')).toContain('Watching: 1 hook (Lint)');
    expect(output.join('')).toContain('│ linted src/app.ts');
    expect(output.join('')).toContain('Stopped watching.');
  });

  it('says that hooks new needs a model when no key is configured, and how to set one, with exit 2', async () => {
    const { code, stderr } = await cli(['hooks', 'new', 'lint TypeScript on save'], folderWith());
    expect(code).toBe(2);
    expect(stderr).toBe('specwright: No Anthropic API key. Set ANTHROPIC_API_KEY (in VS Code: run "Specwright: Set API Key").\n');
  });

  it('saves the hook file the model writes once it validates, asking again with the error when it does not', async () => {
    const workspace = folderWith();
    const prompts: string[] = [];
    const replies = [
      '{"version":"v1","hooks":[{"name":"Lint on save","trigger":"OnSave","action":{"type":"command","command":"npx eslint --fix $KIRO_HOOK_PATHS"}}]}',
      'Here it is:\n```json\n{"version":"v1","hooks":[{"name":"Lint on save","trigger":"PostFileSave","matcher":"\\\\.ts$","action":{"type":"command","command":"npx eslint --fix $KIRO_HOOK_PATHS"}}]}\n```',
    ];
    const completer: TextCompleter = async (request) => {
      prompts.push(request.prompt);
      return replies.shift()!;
    };
    const { code, stdout } = await runHooks(createHooksCommand({ completer: () => completer }), ['new', 'run eslint --fix on saved TypeScript files'], workspace);
    expect(code).toBe(0);
    expect(stdout).toBe('Created .kiro/hooks/lint-on-save.json: "Lint on save" on PostFileSave, command: npx eslint --fix $KIRO_HOOK_PATHS\n');
    expect(prompts[1]).toContain('hooks[0].trigger must be one of');
    const saved = readFileSync(path.join(workspace, '.kiro/hooks/lint-on-save.json'), 'utf8');
    expect(parseHookFile(saved, 'lint-on-save.json').hooks[0]).toMatchObject({ trigger: 'PostFileSave', matcher: { kind: 'regex', pattern: '\\.ts$' } });
  });

  it('saves nothing when the model twice writes an invalid hook, and exits 2', async () => {
    const workspace = folderWith();
    const completer: TextCompleter = async () => 'I cannot do that.';
    const { code, stderr } = await runHooks(createHooksCommand({ completer: () => completer }), ['new', 'something'], workspace);
    expect(code).toBe(2);
    expect(stderr).toBe("specwright: the model's hook file did not validate: the reply holds no JSON object\n");
    expect(existsSync(path.join(workspace, '.kiro'))).toBe(false);
    expect(readdirSync(workspace)).toEqual([]);
  });
});

/** Runs a hooks command built with injected ports, the way the CLI frame does (usage errors → exit 2). */
async function runHooks(command: ReturnType<typeof createHooksCommand>, args: string[], workspace: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ctx: CliContext = { workspace, stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), isTTY: false, env: { HOME: folderWith({}, 'sw-home-') }, signal: new AbortController().signal };
  let code: number;
  try {
    code = await command.run(args, ctx);
  } catch (error) {
    ctx.stderr(`specwright: ${(error as Error).message}\n`);
    code = 2;
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
