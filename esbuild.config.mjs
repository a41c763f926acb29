// Bundles every face of Specwright. `node esbuild.config.mjs [--watch] [--production]`
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

/**
 * The extension's heavy code (the agent runtime, the shell parser, zod) lives in two bundles of its
 * own, loaded on first use by src/extension/runtime/load.ts, so activation reads only a small file.
 */
const splitRuntimes = {
  name: 'split-runtimes',
  setup(build) {
    build.onResolve({ filter: /^\.\/(hostRuntime|agentRuntime)$/ }, (args) =>
      /runtime[\\/]load\.ts$/.test(args.importer) ? { path: `./${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

const builds = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [splitRuntimes] },
  {
    ...node,
    entryPoints: { hostRuntime: 'src/extension/runtime/hostRuntime.ts', agentRuntime: 'src/extension/runtime/agentRuntime.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { bench: 'bench/main.ts' }, outdir: 'dist', sourcemap: false },
  {
    ...common,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: { panel: 'webview-ui/src/main.tsx' },
    outdir: 'dist/webview',
    loader: { '.ttf': 'file' },
  },
].filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));

/**
 * The command policy's shell parser (WebAssembly, see tools/shell-parser) is read at run time from
 * beside the bundle that loads it: dist/cli.js, dist/agentRuntime.js and dist/bench.js share one copy.
 */
function copyShellParser() {
  mkdirSync('dist', { recursive: true });
  copyFileSync('src/core/policy/shell/wasm/shell-parser.wasm', 'dist/shell-parser.wasm');
}

copyShellParser();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
