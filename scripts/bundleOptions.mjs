// Options every Node bundle of esbuild.config.mjs shares; tests that bundle (test/integration/build,
// the language server's) use them too.

import * as path from 'node:path';

/**
 * zod re-exports all its error-message translations as `z.locales` (about 260 KB minified, half of
 * zod in a bundle), and a namespace re-export cannot be tree-shaken. Specwright's messages are
 * English (zod's default, which zod imports on its own): bundles get `z.locales.en` only.
 */
const englishZodMessagesOnly = {
  name: 'zod-english-messages-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(args.resolveDir, '../locales/index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

export const BUNDLE_OPTIONS = {
  bundle: true,
  plugins: [englishZodMessagesOnly],
  // jsonc-parser's default entry is a UMD build that requires its parts at run time, which a bundle
  // cannot follow; its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Files code reads from disk at run time (not JavaScript), as `path.join(__dirname, to)`: beside its
 * source file in the repository, beside the bundles in dist/ (every bundle and chunk sits in dist/
 * itself, so whichever ends up holding the reading code finds it). esbuild.config.mjs copies them.
 */
export const RUNTIME_ASSETS = [
  // The command policy's shell parser (tools/shell-parser): read by src/core/policy/shell/wasm/shellParser.ts.
  { from: 'src/core/policy/shell/wasm/shell-parser.wasm', to: 'shell-parser.wasm' },
];

/**
 * ES modules on Node get the CommonJS names bundled libraries and our code expect:
 * `require` (for `vscode`, which only the extension host's require can give, and Node built-ins),
 * `__filename` and `__dirname` (of the chunk itself: every chunk sits in dist/).
 */
export const ESM_BANNER = [
  "import { createRequire as __swCreateRequire } from 'node:module';",
  "import { fileURLToPath as __swFileURLToPath } from 'node:url';",
  "import { dirname as __swDirname } from 'node:path';",
  'const require = __swCreateRequire(import.meta.url);',
  'const __filename = __swFileURLToPath(import.meta.url);',
  'const __dirname = __swDirname(__filename);',
].join('\n');
