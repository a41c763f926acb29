import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { E2E_DIR, REPO_ROOT } from './paths';

/**
 * Packages the built extension as the Marketplace would see it: `vsce package --no-dependencies`
 * (dist/ is bundled) over the existing dist/, filtered by .vscodeignore. Builds nothing itself:
 * `npm run build` (or `npm run test:e2e`) comes first.
 */
export async function packageExtension({ out = path.join(E2E_DIR, 'specwright.vsix') } = {}): Promise<string> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main?: string };
  const main = manifest.main ?? './dist/extension.js';
  if (!existsSync(path.join(REPO_ROOT, main))) {
    throw new Error(
      `Cannot package the extension: ${main} (package.json "main") does not exist. ` +
        'Build it with `npm run build` (it needs src/extension/extension.ts); `npm run test:e2e` builds first.',
    );
  }
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  try {
    // vsce's own checks run here, none turned off (the manifest has its repository, license, icon…):
    // a manifest the Marketplace would refuse fails the packaging.
    await promisify(execFile)(vsce, ['package', '--no-dependencies', '--out', out], {
      cwd: REPO_ROOT,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`vsce package failed in ${REPO_ROOT}:\n${stderr || stdout || String(error)}`);
  }
  return out;
}
