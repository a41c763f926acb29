import { describe, expect, it } from 'vitest';
import { matcherAcceptsAgentEvent, matcherAcceptsPath, parseHookFile, WorkspaceIgnore } from '../../../src/core/hooks';
import { makeWorkspace } from '../../support/workspace';

/** A v1 hook as Kiro writes them: an alternation of path regexes, searched anywhere in the path. */
const componentDocHook = JSON.stringify({
  version: 'v1',
  hooks: [
    {
      name: 'Component doc prompt',
      trigger: 'PostFileCreate',
      matcher: '(src/components/.*Modal[^/]*\\.tsx$|src/components/.*[^/]*Panel[^/]*\\.tsx$)',
      action: { type: 'agent', prompt: 'Write a UX doc for the new component.' },
      enabled: true,
    },
  ],
});

describe('hook matchers', () => {
  it('searches a v1 matcher regex in the workspace-relative path, as the corpus hooks expect', () => {
    const [hook] = parseHookFile(componentDocHook, '.kiro/hooks/component-doc.json').hooks;
    expect(matcherAcceptsPath(hook!.matcher, 'src/components/settings/EditModal.tsx')).toBe(true);
    expect(matcherAcceptsPath(hook!.matcher, 'src/components/ui/SidePanel.tsx')).toBe(true);
    expect(matcherAcceptsPath(hook!.matcher, 'src/components/ui/Button.tsx')).toBe(false);
    expect(matcherAcceptsPath(hook!.matcher, 'docs/EditModal.tsx')).toBe(false);
  });

  it('matches legacy globs with ** and leaves out paths a !pattern excludes', () => {
    const matcher = { kind: 'globs' as const, patterns: ['src/**/*.ts', '!**/*.test.ts'] };
    expect(matcherAcceptsPath(matcher, 'src/a.ts')).toBe(true);
    expect(matcherAcceptsPath(matcher, 'src/deep/er/b.ts')).toBe(true);
    expect(matcherAcceptsPath(matcher, 'src/deep/b.test.ts')).toBe(false);
    expect(matcherAcceptsPath(matcher, 'lib/a.ts')).toBe(false);
  });

  it('lets a glob without a slash match the file name in any folder', () => {
    const matcher = { kind: 'globs' as const, patterns: ['*.py'] };
    expect(matcherAcceptsPath(matcher, 'main.py')).toBe(true);
    expect(matcherAcceptsPath(matcher, 'backend/app/services/x.py')).toBe(true);
    expect(matcherAcceptsPath(matcher, 'backend/x.pyc')).toBe(false);
  });

  it('reads a tool hook matcher against the tool name, and legacy tool types as categories or names', () => {
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: '^(fs_write|execute_bash)$' }, { trigger: 'PreToolUse', tool: 'fs_write' })).toBe(true);
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: '^(fs_write|execute_bash)$' }, { trigger: 'PreToolUse', tool: 'fs_read' })).toBe(false);
    const writes = { kind: 'toolTypes' as const, types: ['write'] };
    expect(matcherAcceptsAgentEvent(writes, { trigger: 'PreToolUse', tool: 'fs_write' })).toBe(true);
    expect(matcherAcceptsAgentEvent(writes, { trigger: 'PreToolUse', tool: 'grep' })).toBe(false);
    expect(matcherAcceptsAgentEvent(writes, { trigger: 'PreToolUse', tool: 'custom', toolCategory: 'write' })).toBe(true);
    expect(matcherAcceptsAgentEvent({ kind: 'toolTypes', types: ['*'] }, { trigger: 'PostToolUse', tool: 'anything' })).toBe(true);
    expect(matcherAcceptsAgentEvent({ kind: 'toolTypes', types: ['mcp_.*'] }, { trigger: 'PostToolUse', tool: 'mcp_github' })).toBe(true);
  });

  it('reads task and prompt matchers against the task and the prompt, and ignores them for Stop', () => {
    const task = { spec: 'todo-cli', id: '2.1', title: 'Add the list command' };
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: '^todo-cli/2\\.' }, { trigger: 'PreTaskExecution', task })).toBe(true);
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: 'deploy' }, { trigger: 'UserPromptSubmit', prompt: 'please deploy it' })).toBe(true);
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: 'deploy' }, { trigger: 'UserPromptSubmit', prompt: 'write tests' })).toBe(false);
    expect(matcherAcceptsAgentEvent({ kind: 'regex', pattern: 'never' }, { trigger: 'Stop' })).toBe(true);
  });
});

describe('watched-file rules', () => {
  it('never watches .git, node_modules or Specwright run state, .gitignore or not', () => {
    const ignore = WorkspaceIgnore.forWorkspace(makeWorkspace({ '.gitignore': '!node_modules/\n!.kiro/\n' }));
    expect(ignore.ignores('.git/index')).toBe(true);
    expect(ignore.ignores('packages/a/node_modules/x/index.js')).toBe(true);
    expect(ignore.ignores('.kiro/.specwright/runs/1.jsonl')).toBe(true);
    expect(ignore.ignores('.kiro/hooks/a.json')).toBe(false);
    expect(ignore.ignores('src/app.ts')).toBe(false);
  });

  it('reads the .gitignore files: folders, anchors, wildcards, re-included files and nested files', () => {
    const ignore = WorkspaceIgnore.forWorkspace(
      makeWorkspace({
        '.gitignore': ['# build output', 'dist/', '/coverage', '*.log', '!keep.log', 'docs/**/*.tmp', ''].join('\n'),
        'packages/a/.gitignore': '*.gen.ts\n!keep.log\n',
      }),
    );
    expect(ignore.ignores('dist', true)).toBe(true);
    expect(ignore.ignores('packages/a/dist/index.js')).toBe(true);
    expect(ignore.ignores('dist', false)).toBe(false);
    expect(ignore.ignores('coverage/lcov.info')).toBe(true);
    expect(ignore.ignores('src/coverage/x.ts')).toBe(false);
    expect(ignore.ignores('logs/debug.log')).toBe(true);
    expect(ignore.ignores('keep.log')).toBe(false);
    expect(ignore.ignores('docs/a/b/c.tmp')).toBe(true);
    expect(ignore.ignores('src/main.ts')).toBe(false);
    expect(ignore.ignores('packages/a/src/x.gen.ts', false)).toBe(true);
    expect(ignore.ignores('packages/b/src/x.gen.ts', false)).toBe(false);
  });
});
