import { lintSpec } from './lint';
import type { Diagnostic } from './types';
import { listSpecs, loadSpec, type LoadedSpec } from './workspace';

export interface SpecLintResult {
  spec: LoadedSpec;
  /** Sorted by file and position. */
  diagnostics: Diagnostic[];
}

/**
 * Lints one spec of a workspace, or all of them, from disk. `specwright spec lint` and the editor's
 * Lint Specs command both call this, and the language server runs the same `lintSpec` over the same
 * files, so all three report the same diagnostics.
 */
export async function lintWorkspaceSpecs(workspace: string, name?: string): Promise<SpecLintResult[]> {
  const names = name !== undefined ? [name] : (await listSpecs(workspace)).map((s) => s.name);
  const results: SpecLintResult[] = [];
  for (const n of names) {
    const spec = await loadSpec(workspace, n);
    results.push({ spec, diagnostics: lintSpec(spec) });
  }
  return results;
}
