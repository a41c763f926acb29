/**
 * The package: what `npm run package` ships, measured on a .vsix built from the current dist/ (run
 * after a production build, as `npm run bench` does). Targets: .vsix ≤ 3 MB, unpacked ≤ 10 MB,
 * dist/extension.js (read at activation) ≤ 150 KB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readZipFile } from '../test/support/zipFile';

const root = path.resolve(__dirname, '..');
const KB = 1024;
const MB = 1024 * KB;
const TARGETS = { vsix: 3 * MB, unpacked: 10 * MB, activationBundle: 150 * KB };

interface SplitOutput {
  bytes: number;
  imports: string[];
  entry: boolean;
}

export async function benchPackage(): Promise<void> {
  console.log('\n## Package (.vsix)');
  const temp = mkdtempSync(path.join(os.tmpdir(), 'sw-vsix-'));
  try {
    const vsix = path.join(temp, 'specwright.vsix');
    execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: root, stdio: 'pipe' });
    const { size, entries } = readZipFile(vsix);
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    console.log(`.vsix: ${mb(size)} (${ratio(size, TARGETS.vsix)} the 3 MB target)`);
    console.log(`unpacked: ${mb(unpacked)} in ${entries.length} files (${ratio(unpacked, TARGETS.unpacked)} the 10 MB target)`);
    const maps = entries.filter((e) => e.name.endsWith('.map'));
    if (maps.length) console.log(`source maps in the package: ${maps.length} (${mb(maps.reduce((s, e) => s + e.size, 0))}); build with --production`);
    for (const entry of entries.filter((e) => e.name.startsWith('extension/dist/')).sort((a, b) => b.size - a.size)) {
      const name = entry.name.slice('extension/'.length);
      const note = name === 'dist/extension.js' ? ` (${ratio(entry.size, TARGETS.activationBundle)} the 150 KB target; read at activation)` : '';
      console.log(`  ${name}: ${kb(entry.size)}${note}`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  printLoadSets();
}

/** What loading each split entry reads: itself and every chunk it imports, directly or not. */
function printLoadSets(): void {
  const file = path.join(root, 'dist', 'bundles.json');
  if (!existsSync(file)) return console.log('load sets: dist/bundles.json is missing; run `node esbuild.config.mjs --production`');
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SplitOutput>;
  const closure = (names: string[]) => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || !outputs[name]) return;
      seen.add(name);
      outputs[name]!.imports.forEach(visit);
    };
    names.forEach(visit);
    return [...seen].reduce((sum, name) => sum + outputs[name]!.bytes, 0);
  };
  const entries = Object.keys(outputs).filter((name) => outputs[name]!.entry);
  const separate = entries.reduce((sum, name) => sum + closure([name]), 0);
  const shared = closure(entries);
  console.log(`loading an entry reads (entry + its chunks): ${entries.map((name) => `${name} ${kb(closure([name]))}`).join(', ')}`);
  const runtimes = entries.filter((name) => name !== 'server.mjs');
  console.log(`both runtimes in the extension host: ${kb(closure(runtimes))} (${kb(runtimes.reduce((sum, name) => sum + closure([name]), 0))} if nothing were shared)`);
  console.log(`all split entries on disk: ${kb(shared)} (${kb(separate)} if each were self-contained)`);
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}×`;
