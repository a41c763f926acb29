import { describe, expect, it } from 'vitest';
import { layoutNotes, type SandboxLayout } from '../../../src/core/sandbox';

const layout = (over: Partial<SandboxLayout>): SandboxLayout => ({
  workspace: '/w/app',
  writable: [],
  readOnly: [],
  writableAgain: [],
  missingProtected: [],
  hiddenFiles: [],
  hiddenDirs: [],
  notes: [],
  ...over,
});

describe('layoutNotes', () => {
  it('says nothing about an empty layout', () => {
    expect(layoutNotes(layout({}), '/h')).toEqual([]);
  });

  it('names what is hidden, read-only, not creatable and writable, relative to the workspace or ~, with why', () => {
    const notes = layoutNotes(
      layout({
        hiddenFiles: ['/w/app/.env', '/h/.netrc', '/etc/shadow'],
        hiddenDirs: ['/h/.ssh', '/w/app/secrets'],
        readOnly: ['/w/app/.git', '/w/app/.vscode', '/w/app/tools/mcp.json'],
        writableAgain: ['/w/app/.git/objects', '/w/app/.git/refs'],
        missingProtected: ['/w/app/.kiro'],
        writable: ['/h/.npm', '/opt/cache'],
        notes: ['the workspace is too large'],
      }),
      '/h',
    );
    expect(notes).toEqual([
      'hidden from commands (secrets files; the agent asks before reading one): .env, secrets',
      'hidden from commands (your credentials and shell histories): ~/.netrc, ~/.ssh',
      "hidden from commands (the system's secrets): /etc/shadow",
      "read-only for commands (a change there would run outside the sandbox later, or change Specwright's settings): .git (except objects, refs), .vscode, tools/mcp.json",
      'may not be created by commands (for the same reason): .kiro',
      'writable besides the workspace and a private /tmp (tool caches, your sandbox.writablePaths): /opt/cache, ~/.npm',
      'the workspace is too large',
    ]);
  });

  it('names the first few of many and counts the rest', () => {
    const hiddenFiles = Array.from({ length: 11 }, (_, i) => `/w/app/env/${i}.pem`);
    expect(layoutNotes(layout({ hiddenFiles }), '/h')[0]).toBe('hidden from commands (secrets files; the agent asks before reading one): env/0.pem, env/1.pem, env/10.pem, env/2.pem, env/3.pem, env/4.pem, env/5.pem, env/6.pem and 3 more');
  });
});
