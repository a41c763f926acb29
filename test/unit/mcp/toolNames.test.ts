import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TOOL_NAME_PATTERN, ToolNamer } from '../../../src/core/mcp';

describe('model-facing names of MCP tools', () => {
  it('joins server and tool with a double underscore when both are already valid', () => {
    expect(new ToolNamer().nameFor('github', 'create_issue')).toBe('github__create_issue');
  });

  it('replaces characters the API refuses, and adds a hash when that could confuse two pairs', () => {
    const namer = new ToolNamer();
    const dotted = namer.nameFor('awslabs.ecs-mcp-server', 'list.clusters');
    const underscored = namer.nameFor('awslabs_ecs-mcp-server', 'list_clusters');
    expect(dotted).toBe('awslabs_ecs-mcp-server__list_clusters');
    expect(underscored).not.toBe(dotted);
    expect(underscored).toMatch(TOOL_NAME_PATTERN);
  });

  it('never hands out a built-in tool name', () => {
    const namer = new ToolNamer(['fs_read', 'x__y']);
    expect(namer.nameFor('x', 'y')).not.toBe('x__y');
  });

  it('keeps a name for the namer\'s life and gives the same names in the same order every time', () => {
    const pairs: Array<[string, string]> = [['a', 'b'], ['a.', 'b'], ['a_', 'b'], ['s'.repeat(50), 't'.repeat(50)]];
    const first = new ToolNamer();
    const names = pairs.map(([s, t]) => first.nameFor(s, t));
    expect(pairs.map(([s, t]) => first.nameFor(s, t))).toEqual(names);
    const second = new ToolNamer();
    expect(pairs.map(([s, t]) => second.nameFor(s, t))).toEqual(names);
    expect(first.resolve(names[3]!)).toEqual({ server: 's'.repeat(50), tool: 't'.repeat(50) });
  });

  it('always gives valid, distinct names (any server and tool names)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 70 }), fc.string({ maxLength: 90 })), { maxLength: 40 }), (pairs) => {
        const namer = new ToolNamer();
        const given = new Map<string, string>();
        for (const [server, tool] of pairs) {
          const name = namer.nameFor(server, tool);
          expect(name).toMatch(TOOL_NAME_PATTERN);
          const owner = `${server}\u0000${tool}`;
          if (given.has(name)) expect(given.get(name)).toBe(owner);
          given.set(name, owner);
          expect(namer.resolve(name)).toEqual({ server, tool });
        }
      }),
    );
  });
});
