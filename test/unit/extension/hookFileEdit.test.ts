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
    expect(next).toContain('{"enabled": false, "name": "lint", "trigger": "PostFileSave", "action": { "type": "command", "command": "npm run lint" } },');
    expect(next).toContain('// lint on save');
    expect(parseHookFile(next, 'x.json').hooks.map((h) => h.enabled)).toEqual([false, true]);
  });

  it('edits a legacy hook at the top level, indented like its neighbours', () => {
    const next = setHookEnabled(legacy, { format: 'legacy', index: 0 }, false);
    expect(next.startsWith('{\n  "enabled": false,\n  "name": "Format"')).toBe(true);
    expect(parseHookFile(next, 'f.kiro.hook').hooks[0]!.enabled).toBe(false);
  });

  it('adds the property on its own line, indented like its neighbours, to a hook written over several lines', () => {
    const text = '{\n\t"version": "v1",\n\t"hooks": [\n\t\t{\n\t\t\t"name": "t", // why\n\t\t\t"trigger": "Manual",\n\t\t\t"action": { "type": "command", "command": "true" }\n\t\t}\n\t]\n}\n';
    const next = setHookEnabled(text, { format: 'v1', index: 0 }, false);
    expect(next).toBe(text.replace('\t\t{\n', '\t\t{\n\t\t\t"enabled": false,\n'));
  });

  it('keeps Windows line ends', () => {
    const next = setHookEnabled(legacy.replace(/\n/g, '\r\n'), { format: 'legacy', index: 0 }, true);
    expect(next.startsWith('{\r\n  "enabled": true,\r\n  "name": "Format"')).toBe(true);
    expect(next.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses a hook it cannot find', () => {
    expect(() => setHookEnabled(v1, { format: 'v1', index: 5 }, false)).toThrow(/could not find hook #5/);
  });

  it('reads the index from a hook id', () => {
    expect(hookIndexOf('.kiro/hooks/a#b.json#2')).toBe(2);
  });
});
