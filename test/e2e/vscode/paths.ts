import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the VS Code end-to-end tests find and keep things. */

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The VS Code host: code-server from the npm registry (the last release whose install accepts Node 20). */
export const CODE_SERVER_VERSION = '4.100.3';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The cached install of code-server and the packaged .vsix: `$SPECWRIGHT_E2E_DIR`, else `<repo>/.e2e`
 * (git-ignored). Per-run state (profiles, extensions, workspaces) goes to the OS temp folder instead,
 * so `eslint .` and file watchers in the repository never see the installed extension's bundle.
 */
export const E2E_DIR = path.resolve(process.env.SPECWRIGHT_E2E_DIR ?? path.join(REPO_ROOT, '.e2e'));

/** Screenshots and, for failed tests, code-server and extension host logs: kept as CI artifacts. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

export const INSTALL_SCRIPT = 'scripts/e2e/install-code-server.sh';
