import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test-results/**', '.vscode-test/**', '.e2e/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Plain CommonJS scripts (a benchmark's child process) load modules the CommonJS way.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Faces enter each core folder through its index.ts, its public face (ARCHITECTURE.md).
    files: ['src/cli/**/*.ts', 'src/extension/**/*.ts', 'src/server/**/*.ts', 'src/shared/**/*.ts', 'webview-ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/*/*'], message: 'Import the core through the folder\'s index.ts (e.g. ../core/agent), not a file inside it.' }] },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core is host-free: pass a port in instead.' }] }],
    },
  },
);
