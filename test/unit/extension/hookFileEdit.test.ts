import { describe, expect, it } from 'vitest';
import { parseHookFile } from '../../../src/core/hooks';
import { hookIndexOf, setHookEnabled } from '../../../src/extension/hooks/hookFileEdit';

const v1 = `{
  // lint on save
  "version": "v1",
  "hooks": [
    { "name": "lint", "trigger": "PostFileSave", "action": { "type": "command", "command": "npm run lint" } },
    {
      "name": "test",
      "enabled": true, /* keep */
      "trigger": "PostFileSave",
      "action": { "type": "command", "command": "npm test" },
    },
  ],
}
`;

const legacy = `{
  "name": "Format",
  "when": { "type": "fileEdited", "patterns": ["**/*.ts"] },
  "then": { "type": "runCommand", "command": "npx prettier --write" }
}
`;

describe('setHookEnabled', () => {
  it('changes only the enabled value when the hook has one', () => {
    const next = setHookEnabled(v1, { format: 'v1', index: 1 }, false);
    expect(next).toBe(v1.replace('"enabled": true, /* keep */', '"enabled": false, /* keep */'));
    expect(parseHookFile(next, 'x.json').hooks.map((h) => h.enabled)).toEqual([true, false]);
  });

  it('adds the property, keeping comments and layout, when the hook has none', () => {
    const next = setHookEnabled(v1, { format: 'v1', index: 0 }, false);
    expect(next).toContain('{ "enabled": false, "name": "lint"');
    expect(next).toContain('// lint on save');
    expect(parseHookFile(next, 'x.json').hooks.map((h) => h.enabled)).toEqual([false, true]);
  });

  it('edits a legacy hook at the top level, indented like its neighbours', () => {
    const next = setHookEnabled(legacy, { format: 'legacy', index: 0 }, false);
    expect(next.startsWith('{\n  "enabled": false,\n  "name": "Format"')).toBe(true);
    expect(parseHookFile(next, 'f.kiro.hook').hooks[0]!.enabled).toBe(false);
  });

  it('refuses a hook it cannot find', () => {
    expect(() => setHookEnabled(v1, { format: 'v1', index: 5 }, false)).toThrow(/could not find hook #5/);
  });

  it('reads the index from a hook id', () => {
    expect(hookIndexOf('.kiro/hooks/a#b.json#2')).toBe(2);
  });
});
