import { statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLaunch, launchFingerprint, ServerApprovalStore, type LaunchSpec } from '../../../src/core/mcp';
import { mcpFixture } from '../../support/mcp/servers';

const launch: LaunchSpec = { transport: 'stdio', command: 'npx', args: ['-y', 'pkg@1', '--dir', 'a b'], env: { TOKEN: '${TOKEN}' }, autoApprove: [] };

describe('approvals of workspace servers', () => {
  it('shows the command line as configured, quoting where a shell would need it', () => {
    expect(describeLaunch(launch)).toBe("npx -y pkg@1 --dir 'a b'");
    expect(describeLaunch({ transport: 'http', url: 'https://x/mcp', autoApprove: [] })).toBe('https://x/mcp');
  });

  it('changes the fingerprint with anything that decides what runs, and only then', () => {
    const base = launchFingerprint(launch);
    expect(launchFingerprint({ ...launch, env: { TOKEN: '${TOKEN}' } })).toBe(base);
    for (const changed of [{ args: ['-y', 'pkg@2', '--dir', 'a b'] }, { command: 'bunx' }, { env: { TOKEN: '${TOKEN}', NODE_OPTIONS: '--require ./x.js' } }, { cwd: 'tools' }, { autoApprove: ['*'] }]) {
      expect(launchFingerprint({ ...launch, ...changed })).not.toBe(base);
    }
  });

  it('keeps approvals per workspace in a user-only file outside the workspace', async () => {
    const { workspace, home } = mcpFixture();
    const other = mcpFixture().workspace;
    const store = ServerApprovalStore.forHome(home);
    expect(await store.isApproved(workspace, launch)).toBe(false);
    await store.approve(workspace, 'pkg', launch);
    expect(await store.isApproved(workspace, launch)).toBe(true);
    expect(await store.isApproved(other, launch)).toBe(false);
    expect(await store.isApproved(workspace, { ...launch, args: ['-y', 'pkg@2'] })).toBe(false);
    expect(store.file.startsWith(path.join(home, '.kiro', 'specwright'))).toBe(true);
    expect(path.relative(workspace, store.file).startsWith('..')).toBe(true);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(await ServerApprovalStore.forHome(home).isApproved(workspace, launch)).toBe(true);
  });
});
