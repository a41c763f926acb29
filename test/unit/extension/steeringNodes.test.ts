import { describe, expect, it } from 'vitest';
import type { SteeringCatalog, SteeringDoc } from '../../../src/core/steering';
import { steeringRows } from '../../../src/extension/views/steeringNodes';

const doc = (over: Partial<SteeringDoc>): SteeringDoc => ({
  name: 'x',
  source: '.kiro/steering/x.md',
  absolutePath: '/w/.kiro/steering/x.md',
  scope: 'workspace',
  origin: 'steering',
  title: 'X',
  inclusion: 'always',
  fileMatchPatterns: [],
  body: '',
  bodyLine: 1,
  ...over,
});

describe('the Steering view rows', () => {
  it('shows each document with its mode, skills, and warnings that open their file at the line', () => {
    const catalog: SteeringCatalog = {
      docs: [
        doc({ name: 'tech' }),
        doc({ name: 'api', inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts', 'test/api/**'], absolutePath: '/w/.kiro/steering/api.md' }),
        doc({ name: 'release', inclusion: 'manual' }),
        doc({ name: 'errors', inclusion: 'auto', description: 'Error handling patterns' }),
        doc({ name: 'personal', scope: 'user', source: '~/.kiro/steering/personal.md' }),
        doc({ name: 'AGENTS', origin: 'AGENTS.md', source: 'test/AGENTS.md', folder: 'test' }),
      ],
      skills: [{ name: 'pdf', description: 'Work with PDF files', source: '.kiro/skills/pdf/SKILL.md', absolutePath: '/w/.kiro/skills/pdf/SKILL.md', folder: '/w/.kiro/skills/pdf', scope: 'workspace', body: '' }],
      warnings: [
        { file: '.kiro/steering/odd.md', message: 'inclusion must be one of always, fileMatch, manual, auto', line: 2 },
        { file: '~/.kiro/steering/old.md', message: 'unknown key "colour"' },
      ],
    };
    const rows = steeringRows(catalog, { workspace: '/w', home: '/home/u' });
    expect(rows.map((r) => `${r.kind} ${r.label} — ${r.description}`)).toEqual([
      'document tech — always',
      'document api — fileMatch src/api/**/*.ts, test/api/**',
      'document release — manual',
      'document errors — auto: Error handling patterns',
      'document personal — always · user',
      'document test/AGENTS.md — for test/',
      'skill pdf — skill',
      'warning .kiro/steering/odd.md — inclusion must be one of always, fileMatch, manual, auto',
      'warning ~/.kiro/steering/old.md — unknown key "colour"',
    ]);
    expect(rows[1]!.file).toBe('/w/.kiro/steering/api.md');
    expect(rows[2]!.tooltip).toContain('#release');
    expect(rows[7]).toMatchObject({ file: '/w/.kiro/steering/odd.md', line: 1 });
    expect(rows[8]).toMatchObject({ file: '/home/u/.kiro/steering/old.md' });
    expect(rows[8]!.line).toBeUndefined();
  });
});
