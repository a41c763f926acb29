import { readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createToolset } from '../../../src/core/agent/tools';
import { tempWorkspace, toolContext, type TempWorkspace } from './toolFixture';

const tools = createToolset();

/** The three ways out of a workspace the tools must refuse: "..", an absolute path, and a symlink. */
function escapes(ws: TempWorkspace): Array<[string, string]> {
  symlinkSync(ws.outside, ws.file('link-out'));
  return [
    ['a path through ..', '../outside/secret.txt'],
    ['an absolute path outside', path.join(ws.outside, 'secret.txt')],
    ['a symlink pointing outside', 'link-out/secret.txt'],
  ];
}

const calls: Array<[string, (target: string) => unknown]> = [
  ['fs_read', (target) => ({ operations: [{ mode: 'Line', path: target }] })],
  ['fs_write', (target) => ({ command: 'create', path: target, file_text: 'overwritten\n' })],
  ['execute_bash', (target) => ({ command: 'pwd', working_dir: path.dirname(target) })],
  ['glob', (target) => ({ pattern: '*', path: path.dirname(target) })],
  ['grep', (target) => ({ pattern: 'secret', path: target })],
];

describe('workspace boundary', () => {
  for (const [tool, input] of calls) {
    it(`refuses ${tool} on paths that lead outside the workspace`, async () => {
      const ws = tempWorkspace();
      for (const [how, target] of escapes(ws)) {
        const result = await tools.executeToolCall(tool, input(target), toolContext(ws.root));
        expect(result.isError, how).toBe(true);
        expect(result.content, how).toMatch(/outside the workspace/);
      }
      expect(readFileSync(path.join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
    });

    it(`refuses to plan ${tool} on a path outside the workspace, with a message for the model`, async () => {
      const ws = tempWorkspace();
      await expect(tools.plan(tool, input('../outside/secret.txt'), toolContext(ws.root))).rejects.toThrow(/outside the workspace/);
    });
  }

  it('does not list or search through a symlink that points outside the workspace', async () => {
    const ws = tempWorkspace({ 'inside.txt': 'not a secret\n' });
    symlinkSync(path.join(ws.outside, 'secret.txt'), ws.file('secret-link.txt'));
    symlinkSync(ws.outside, ws.file('dir-link'));
    const ctx = toolContext(ws.root);
    expect((await tools.executeToolCall('grep', { pattern: 'secret' }, ctx)).content).toBe('inside.txt:1:not a secret');
    expect((await tools.executeToolCall('glob', { pattern: '**' }, ctx)).content).toBe('inside.txt');
    expect((await tools.executeToolCall('fs_read', { operations: [{ mode: 'Directory', path: '.' }] }, ctx)).content).toBe('inside.txt');
  });

  it('refuses a home-relative path', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: '~/.ssh/id_rsa' }] }, toolContext(ws.root));
    expect(result).toMatchObject({ isError: true, content: expect.stringMatching(/outside the workspace/) });
  });
});
