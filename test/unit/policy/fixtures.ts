import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadShellParser, PolicyEngine, type AgentMode, type AutonomyLevel, type SandboxState } from '../../../src/core/policy';
import { defaultSettings, type Settings } from '../../../src/core/settings';

// The engine judges commands on a real parse; the parser loads once, asynchronously.
await loadShellParser();

/** A real workspace on disk, a folder outside it, a fake home, and a symlink that escapes. */
export interface TestWorkspace {
  root: string;
  outside: string;
  home: string;
  cleanup(): void;
}

export function createWorkspace(): TestWorkspace {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-policy-')));
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  const home = path.join(base, 'home');
  for (const dir of [root, outside, path.join(home, '.ssh'), path.join(root, 'src'), path.join(root, '.git'), path.join(root, 'coverage')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'secret');
  writeFileSync(path.join(outside, 'notes.txt'), 'outside');
  writeFileSync(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, '.git', 'config'), '[core]\n');
  writeFileSync(path.join(root, 'coverage', 'lcov.info'), '');
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ scripts: { test: 'vitest run', build: 'tsc -p .', wipe: 'rm -rf ~/projects', predeploy: 'echo ok > ~/deployed' } }),
  );
  writeFileSync(path.join(root, 'cleanup.sh'), '#!/bin/sh\nrm -rf build\n');
  symlinkSync(outside, path.join(root, 'escape'));
  symlinkSync(path.join(outside, 'notes.txt'), path.join(root, 'notes-link'));
  return { root, outside, home, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export interface EngineOptions {
  level?: AutonomyLevel;
  mode?: AgentMode;
  agent?: Partial<Settings['agent']>;
  sandbox?: SandboxState;
}

export function engineFor(ws: TestWorkspace, options: EngineOptions = {}): PolicyEngine {
  const settings = defaultSettings();
  Object.assign(settings.agent, options.agent ?? {});
  return new PolicyEngine({
    settings,
    workspaceRoot: ws.root,
    homeDir: ws.home,
    ...(options.level ? { autonomyLevel: options.level } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
}
