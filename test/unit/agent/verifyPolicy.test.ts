import { beforeAll, describe, expect, it } from 'vitest';
import { readOnlyMcpPolicy } from '../../../src/core/agent/verifyPolicy';
import { loadShellParser, PolicyEngine, type McpToolAction } from '../../../src/core/policy';
import { defaultSettings } from '../../../src/core/settings';

beforeAll(() => loadShellParser());

const tool = (overrides: Partial<McpToolAction> = {}): McpToolAction => ({
  kind: 'mcp',
  server: 'tracker',
  tool: 'close_issue',
  detail: '@tracker/close_issue {"id":1}',
  autoApproved: false,
  readOnlyHint: false,
  destructiveHint: false,
  ...overrides,
});

const verification = (level: 'cautious' | 'balanced' | 'full') => readOnlyMcpPolicy(new PolicyEngine({ settings: defaultSettings(), workspaceRoot: '/tmp', autonomyLevel: level, mode: 'autonomous' }));

describe('the policy of a verification for MCP tools', () => {
  it('asks before a tool the server does not mark read-only, even in autoApprove at full autonomy', () => {
    const policy = verification('full');
    expect(policy.evaluate(tool({ autoApproved: true }))).toMatchObject({ decision: 'ask', reason: expect.stringContaining('a verification only reads, and the server does not mark it read-only') });
    expect(policy.evaluate(tool({ readOnlyHint: true, destructiveHint: true }))).toMatchObject({ decision: 'ask', reason: expect.stringContaining('marks it destructive') });
  });

  it('leaves read-only tools to the run\'s policy: allowed at balanced, asked at cautious', () => {
    expect(verification('balanced').evaluate(tool({ readOnlyHint: true })).decision).toBe('allow');
    expect(verification('cautious').evaluate(tool({ readOnlyHint: true })).decision).toBe('ask');
  });

  it('keeps "always allow" for the session, for that tool only; other actions are the run\'s own', () => {
    const policy = verification('full');
    policy.grantForSession(tool());
    expect(policy.evaluate(tool()).decision).toBe('allow');
    expect(policy.evaluate(tool({ tool: 'delete_repo' })).decision).toBe('ask');
    expect(policy.evaluate({ kind: 'read', path: 'src/a.ts' }).decision).toBe('allow');
  });

  it('shares "always allow" between the tasks side by side of one run, each with a policy rooted in its own copy', () => {
    const grants = new Set<string>();
    const mcpGrants = new Set<string>();
    const inCopy = (copy: string) =>
      readOnlyMcpPolicy(new PolicyEngine({ settings: defaultSettings(), workspaceRoot: copy, autonomyLevel: 'full', mode: 'autonomous', sessionGrants: grants }), 'a copy', mcpGrants);
    const alpha = inCopy('/ws/.kiro/.specwright/worktrees/run-1');
    const beta = inCopy('/ws/.kiro/.specwright/worktrees/run-2');
    expect(beta.evaluate(tool()).decision).toBe('ask');
    expect(beta.evaluate({ kind: 'write', path: '.env', operation: 'modify', linesChanged: 1, linesBefore: 1 }).decision).toBe('ask');
    alpha.grantForSession(tool());
    alpha.grantForSession({ kind: 'write', path: '.env', operation: 'modify', linesChanged: 1, linesBefore: 1 });
    expect(beta.evaluate(tool()).decision).toBe('allow');
    expect(beta.evaluate({ kind: 'write', path: '.env', operation: 'modify', linesChanged: 1, linesBefore: 1 }).decision).toBe('allow');
    // The grant names the file in the workspace, whichever copy it is reached in: another file is still asked.
    expect(beta.evaluate({ kind: 'write', path: '.env.production', operation: 'modify', linesChanged: 1, linesBefore: 1 }).decision).toBe('ask');
  });
});
