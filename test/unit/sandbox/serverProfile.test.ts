import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxEnvironment } from '../../../src/core/sandbox';
import { serverOwnFolder } from '../../../src/core/sandbox/serverProfile';

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sw-server-profile-')));
const home = path.join(root, 'home');
const workspace = path.join(home, 'code', 'app');
for (const dir of [workspace, path.join(home, 'servers/notes'), path.join(home, '.config/tool'), path.join(home, 'code/app/tools')]) mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an MCP server\'s own folder', () => {
  it('is writable for a user\'s server in a plain folder under home', () => {
    expect(serverOwnFolder({ cwd: path.join(home, 'servers/notes'), home, workspace, scope: 'user' })).toBe(path.join(home, 'servers/notes'));
  });

  it('is not for home itself, a dot folder, a folder holding the workspace, a folder outside home, or a workspace\'s server', () => {
    for (const cwd of [home, path.join(home, '.config/tool'), path.join(home, 'code'), root, '/usr/lib']) {
      expect(serverOwnFolder({ cwd, home, workspace, scope: 'user' })).toBeNull();
    }
    expect(serverOwnFolder({ cwd: path.join(home, 'servers/notes'), home, workspace, scope: 'workspace' })).toBeNull();
  });
});

describe('a server\'s environment', () => {
  const env = { PATH: '/usr/bin', HOME: home, GITHUB_TOKEN: 'ghp_x', AWS_SECRET_ACCESS_KEY: 'x', HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://user:pw@proxy:3128', NODE_OPTIONS: '--require evil' };

  it('keeps the user\'s proxy (not one with a password) but none of the secrets a command would not get', () => {
    expect(sandboxEnvironment(env, { keepProxies: true })).toEqual({ PATH: '/usr/bin', HOME: home, HTTPS_PROXY: 'http://proxy:3128' });
    expect(sandboxEnvironment(env)).toEqual({ PATH: '/usr/bin', HOME: home });
  });
});
