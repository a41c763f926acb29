// Bundles every face of Specwright into dist/. `node esbuild.config.mjs [--watch] [--production]`
//
//   dist/extension.js           the activation bundle (CommonJS, package.json "main"): wiring only
//   dist/hostRuntime.mjs        } ES modules split by esbuild: what two or three of them share (zod,
//   dist/agentRuntime.mjs       } the spec core, the LSP protocol libraries…) is one chunk-*.mjs,
//   dist/server.mjs             } loaded once per process whichever entry asks first
//   dist/chunk-*.mjs
//   dist/webview/panel.js|css   the Agent Activity panel (browser)
//   dist/shell-parser.wasm      files the bundles read at run time (RUNTIME_ASSETS), beside them
//   dist/cli.js, dist/bench.js  the terminal and benchmark faces, each one self-contained file
//   dist/action.js              the GitHub Action's entry (action.yml), beside dist/cli.js
//
// Every build starts from an empty dist/, so no file of an earlier build (a stale source map, a
// renamed chunk) can reach the package. --production minifies and writes no source maps; the
// .vsix takes exactly the files the extension loads (.vscodeignore).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_OPTIONS, ESM_BANNER, RUNTIME_ASSETS } from './scripts/bundleOptions.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';

const common = { ...BUNDLE_OPTIONS, sourcemap: !production, minify: production };
const node = { ...common, platform: 'node', target: 'node20' };
const commonjs = { ...node, format: 'cjs' };

/**
 * The extension's two doors to the heavy code (src/extension/runtime/load.ts) stay dynamic imports
 * of the split entries, so activation reads only dist/extension.js.
 */
const splitRuntimes = {
  name: 'split-runtimes',
  setup(build) {
    build.onResolve({ filter: /^\.\/(hostRuntime|agentRuntime)$/ }, (args) =>
      /runtime[\\/]load\.ts$/.test(args.importer) ? { path: `./${args.path.slice(2)}.mjs`, external: true } : undefined,
    );
  },
};

/**
 * image-size has no side effects, but its ES module build does not declare it, so the panel (which
 * checks pasted images with core/images' limits and never reads their pixels) would carry it unused.
 */
const pureImageSize = {
  name: 'pure-image-size',
  setup(build) {
    build.onResolve({ filter: /^image-size$/ }, async (args) => {
      if (args.pluginData === 'pure-image-size') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'pure-image-size' });
      return resolved.errors.length ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

const builds = [
  { ...commonjs, entryPoints: { extension: 'src/extension/extension.ts' }, outdir, external: ['vscode'], plugins: [...BUNDLE_OPTIONS.plugins, splitRuntimes] },
  {
    ...node,
    format: 'esm',
    splitting: true,
    entryPoints: {
      hostRuntime: 'src/extension/runtime/hostRuntime.ts',
      agentRuntime: 'src/extension/runtime/agentRuntime.ts',
      server: 'src/server/main.ts',
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    external: ['vscode'],
    metafile: true,
    banner: { js: ESM_BANNER },
  },
  {
    ...common,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: { panel: 'webview-ui/src/main.tsx' },
    outdir: `${outdir}/webview`,
    loader: { '.ttf': 'file' },
    plugins: [...BUNDLE_OPTIONS.plugins, pureImageSize],
  },
  { ...commonjs, entryPoints: { cli: 'src/cli/main.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } },
  { ...commonjs, entryPoints: { bench: 'bench/main.ts' }, outdir, sourcemap: false },
  // The GitHub Action's entry (action.yml runs it; it runs dist/cli.js beside it).
  { ...commonjs, entryPoints: { action: 'src/action/entry.ts' }, outdir, sourcemap: false },
];

rmSync(outdir, { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  writeLoadGraph(results.flatMap((r) => (r.metafile ? [r.metafile] : [])));
}

/**
 * dist/bundles.json (not packaged): each split output with its size and the chunks it imports
 * statically, so `npm run bench` can tell what loading an entry reads.
 */
function writeLoadGraph(metafiles) {
  const outputs = {};
  for (const meta of metafiles) {
    for (const [file, output] of Object.entries(meta.outputs)) {
      if (file.endsWith('.map')) continue;
      const imports = output.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => path.relative(outdir, i.path));
      // Entries are the named ones; a chunk that a library imports dynamically has an entry point too.
      const entry = Boolean(output.entryPoint) && !path.basename(file).startsWith('chunk-');
      outputs[path.relative(outdir, file)] = { bytes: output.bytes, imports, entry };
    }
  }
  writeFileSync(path.join(outdir, 'bundles.json'), `${JSON.stringify(outputs, null, 2)}\n`);
}

function copyAssets() {
  mkdirSync(outdir, { recursive: true });
  for (const { from, to } of RUNTIME_ASSETS) copyFileSync(from, path.join(outdir, to));
}
