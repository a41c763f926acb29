import { lintSpec } from './lint';
import type { Diagnostic, SpecEvidence } from './types';
import { listSpecs, loadSpec, type LoadedSpec } from './workspace';

export interface SpecLintResult {
  spec: LoadedSpec;
  /** Sorted by file and position. */
  diagnostics: Diagnostic[];
}

/**
 * Lints one spec of a workspace, or all of them, from disk. `specwright spec lint` and the editor's
 * Lint Specs command both call this (with the workspace's evidence from src/core/trace), and the
 * language server runs the same `lintSpec` over the same files and evidence, so all three report
 * the same diagnostics.
 */
export async function lintWorkspaceSpecs(workspace: string, name?: string, options: { evidence?: (spec: LoadedSpec) => Promise<SpecEvidence> } = {}): Promise<SpecLintResult[]> {
  const names = name !== undefined ? [name] : (await listSpecs(workspace)).map((s) => s.name);
  const results: SpecLintResult[] = [];
  for (const n of names) {
    const spec = await loadSpec(workspace, n);
    results.push({ spec, diagnostics: lintSpec(spec, await options.evidence?.(spec)) });
  }
  return results;
}
