import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_OPTIONS, ESM_BANNER, RUNTIME_ASSETS } from '../../../scripts/bundleOptions.mjs';

const temp = mkdtempSync(path.join(tmpdir(), 'sw-assets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * Bundles a program that loads the command policy's shell parser (a RUNTIME_ASSETS file) and parses
 * a command, with esbuild.config.mjs's options, copies the assets beside it as the build does, and
 * runs it in a fresh Node.
 */
async function parseFromBundle(format: 'cjs' | 'esm'): Promise<string> {
  const outdir = path.join(temp, format);
  const entry = path.join(temp, `entry-${format}.ts`);
  const parser = path.resolve('src/core/policy/shell/wasm/shellParser');
  writeFileSync(entry, `import { loadShellParser, parseShellJson } from ${JSON.stringify(parser)};\nloadShellParser().then(() => { console.log(parseShellJson('git push origin main')); process.exit(0); });\n`);
  const outfile = path.join(outdir, format === 'esm' ? 'entry.mjs' : 'entry.js');
  await build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile, platform: 'node', target: 'node20', format, ...(format === 'esm' ? { banner: { js: ESM_BANNER } } : {}) });
  for (const { from, to } of RUNTIME_ASSETS) copyFileSync(from, path.join(outdir, to));
  return execFileSync(process.execPath, [outfile], { encoding: 'utf8', cwd: temp }).trim();
}

describe('run-time assets', () => {
  it.each(['cjs', 'esm'] as const)('are found beside a %s bundle', async (format) => {
    const tree = await parseFromBundle(format);
    expect(tree).toContain('"push"');
    expect(tree).not.toContain('"error"');
  });
});
