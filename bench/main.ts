/**
 * `npm run bench`: every benchmark, printing figures and ratios to their targets. Timing is measured
 * here, never asserted in tests (machines are noisy). `node dist/bench.js agent spec` runs a subset.
 */
import { benchAgent } from './agent';
import { benchCheckpoints } from './checkpoints';
import { benchExtension } from './extension';
import { benchHooks } from './hooks';
import { benchKnowledge } from './knowledge';
import { benchPackage } from './package';
import { benchMcp } from './mcp';
import { benchPanel } from './panel';
import { benchParallelTasks } from './parallelTasks';
import { benchPolicy } from './policy';
import { benchSandbox } from './sandbox';
import { benchServer } from './server';
import { benchSpec } from './spec';
import { benchUsage } from './usage';

const benches: Record<string, () => Promise<void>> = {
  spec: benchSpec,
  agent: benchAgent,
  parallel: benchParallelTasks,
  policy: benchPolicy,
  sandbox: benchSandbox,
  server: benchServer,
  checkpoints: benchCheckpoints,
  hooks: benchHooks,
  mcp: benchMcp,
  knowledge: benchKnowledge,
  usage: benchUsage,
  panel: benchPanel,
  extension: benchExtension,
  package: benchPackage,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log(`Specwright benchmarks · node ${process.version} · ${new Date().toISOString()}`);
  for (const [name, bench] of Object.entries(benches)) {
    if (wanted.length && !wanted.includes(name)) continue;
    await bench();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
