import { beforeAll, describe, expect, it } from 'vitest';
import { assessMcpTool, loadShellParser, PolicyEngine, type McpToolAction } from '../../../src/core/policy';
import { defaultSettings } from '../../../src/core/settings';

beforeAll(() => loadShellParser());

const tool = (overrides: Partial<McpToolAction> = {}): McpToolAction => ({
  kind: 'mcp',
  server: 'github',
  tool: 'create_issue',
  detail: '@github/create_issue {"title":"x"}',
  autoApproved: false,
  readOnlyHint: false,
  destructiveHint: false,
  ...overrides,
});

const verdict = (action: McpToolAction, level: 'cautious' | 'balanced' | 'full', mode: 'autonomous' | 'supervised' | 'interactive' = 'autonomous') =>
  new PolicyEngine({ settings: defaultSettings(), workspaceRoot: '/tmp', autonomyLevel: level, mode }).evaluate(action).decision;

describe('the policy for MCP tool calls', () => {
  it('asks before every call at cautious, whatever the config or the server says', () => {
    for (const overrides of [{}, { autoApproved: true }, { readOnlyHint: true }, { autoApproved: true, readOnlyHint: true }]) {
      expect(verdict(tool(overrides), 'cautious')).toBe('ask');
    }
  });

  it('at balanced, allows autoApprove and read-only tools and asks about the rest', () => {
    expect(verdict(tool(), 'balanced')).toBe('ask');
    expect(verdict(tool({ autoApproved: true }), 'balanced')).toBe('allow');
    expect(verdict(tool({ readOnlyHint: true }), 'balanced')).toBe('allow');
    expect(verdict(tool({ destructiveHint: true, autoApproved: true }), 'balanced')).toBe('allow');
  });

  it('at full, asks only about destructive tools that are not in autoApprove', () => {
    expect(verdict(tool(), 'full')).toBe('allow');
    expect(verdict(tool({ destructiveHint: true }), 'full')).toBe('ask');
    expect(verdict(tool({ destructiveHint: true, autoApproved: true }), 'full')).toBe('allow');
  });

  it('lets annotations only add asks: a tool marked read-only and destructive counts as destructive', () => {
    expect(verdict(tool({ readOnlyHint: true, destructiveHint: true }), 'balanced')).toBe('ask');
    expect(verdict(tool({ readOnlyHint: true, destructiveHint: true }), 'full')).toBe('ask');
    for (const level of ['cautious', 'balanced', 'full'] as const) {
      for (const hints of [{ readOnlyHint: true }, { destructiveHint: true }, { readOnlyHint: true, destructiveHint: true }]) {
        // Whatever the hints, a tool in autoApprove is never asked about more often than one without hints.
        const strictness = (d: string) => (d === 'ask' ? 1 : 0);
        expect(strictness(verdict(tool({ ...hints, autoApproved: true }), level))).toBeGreaterThanOrEqual(strictness(verdict(tool({ autoApproved: true }), level)));
      }
    }
  });

  it('reviews every call in supervised and interactive modes', () => {
    expect(verdict(tool({ autoApproved: true }), 'full', 'supervised')).toBe('ask');
    expect(verdict(tool({ readOnlyHint: true }), 'balanced', 'interactive')).toBe('ask');
  });

  it('names the tool and the rule in its reason', () => {
    const assessed = assessMcpTool(tool({ destructiveHint: true }), 'full', 'autonomous');
    expect(assessed.ask).toEqual({ rule: 'mcp-destructive', reason: '@github/create_issue needs your approval: the server marks it destructive, and it is not in autoApprove' });
    const engine = new PolicyEngine({ settings: defaultSettings(), workspaceRoot: '/tmp', autonomyLevel: 'balanced' });
    expect(engine.evaluate(tool({ readOnlyHint: true }))).toMatchObject({ decision: 'allow', reason: '@github/create_issue is allowed: the server marks it read-only', rule: 'mcp-read-only' });
  });

  it('"always allow" lifts the ask for that tool only, for the session', () => {
    const engine = new PolicyEngine({ settings: defaultSettings(), workspaceRoot: '/tmp', autonomyLevel: 'cautious' });
    expect(engine.grantForSession(tool())).toBe(true);
    expect(engine.evaluate(tool()).decision).toBe('allow');
    expect(engine.evaluate(tool({ tool: 'delete_repo' })).decision).toBe('ask');
    expect(engine.evaluate(tool({ server: 'gitlab' })).decision).toBe('ask');
  });
});
