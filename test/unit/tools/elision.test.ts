import { describe, expect, it } from 'vitest';
import { findNewElision } from '../../../src/core/agent/tools';

describe('findNewElision', () => {
  it.each([
    ['app.ts', '  // ... existing code ...'],
    ['app.ts', '/* rest unchanged */'],
    ['app.ts', '// rest of the file unchanged'],
    ['app.ts', '// existing code'],
    ['app.ts', '// ...'],
    ['App.tsx', '{/* ... */}'],
    ['app.py', '# ... rest of file'],
    ['page.html', '<!-- ... existing content ... -->'],
    ['query.sql', '-- ... remaining columns unchanged ...'],
    ['app.ts', '    ...'],
    ['app.ts', '…'],
  ])('finds the placeholder in %s: %s', (file, line) => {
    expect(findNewElision(file, `first();\n${line}\nlast();\n`, '')).toEqual({ line: 2, text: line.trim() });
  });

  it.each([
    ['app.ts', '// Keep existing code paths for backwards compatibility'],
    ['app.ts', '// Loading...'],
    ['app.ts', 'const all = [...items, ...more];'],
    ['app.ts', '// leave the value unchanged when it is null'],
    ['stub.py', '    ...'],
    ['README.md', '...'],
  ])('leaves ordinary code alone in %s: %s', (file, line) => {
    expect(findNewElision(file, `first();\n${line}\n`, '')).toBeNull();
  });

  it('ignores a placeholder that the old text already contained', () => {
    expect(findNewElision('app.ts', 'a();\n// ... existing code ...\n', 'b();\n  // ... existing code ...\n')).toBeNull();
  });
});
