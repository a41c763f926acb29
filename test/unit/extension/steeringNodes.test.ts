import { describe, expect, it } from 'vitest';
import { explainTaskSteering, type SteeringCatalog, type SteeringDoc } from '../../../src/core/steering';
import { steeringExplainRows, steeringRows } from '../../../src/extension/views/steeringNodes';

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

describe('Explain Steering for Task rows', () => {
  it('lists what the task starts with and why, then what may join and what would bring it in, each opening its file', () => {
    const catalog: SteeringCatalog = {
      docs: [
        doc({ name: 'tech', source: '.kiro/steering/tech.md', absolutePath: '/w/.kiro/steering/tech.md' }),
        doc({ name: 'api', inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts'], source: '.kiro/steering/api.md', absolutePath: '/w/.kiro/steering/api.md' }),
        doc({ name: 'ui', inclusion: 'fileMatch', fileMatchPatterns: ['src/ui/**'], source: '.kiro/steering/ui.md', absolutePath: '/w/.kiro/steering/ui.md' }),
        doc({ name: 'release', inclusion: 'manual', source: '.kiro/steering/release.md', absolutePath: '/w/.kiro/steering/release.md' }),
        doc({ name: 'errors', inclusion: 'auto', description: 'Error handling patterns', source: '.kiro/steering/errors.md', absolutePath: '/w/.kiro/steering/errors.md' }),
        doc({ name: 'test/AGENTS.md', origin: 'AGENTS.md', source: 'test/AGENTS.md', folder: 'test', absolutePath: '/w/test/AGENTS.md' }),
      ],
      skills: [{ name: 'pdf', description: 'Work with PDF files', source: '.kiro/skills/pdf/SKILL.md', absolutePath: '/w/.kiro/skills/pdf/SKILL.md', folder: '/w/.kiro/skills/pdf', scope: 'workspace', body: '' }],
      warnings: [],
    };
    const explanation = explainTaskSteering(catalog, { ref: 'shop:2', text: '- [ ] 2. Add the orders route in src/api/orders.ts\n  - follow #release', design: '' });
    expect(steeringExplainRows(explanation, catalog)).toEqual([
      { group: 'included', label: 'tech', description: 'always', detail: 'always', file: '/w/.kiro/steering/tech.md' },
      { group: 'included', label: 'release', description: 'manual', detail: 'manual: #release', file: '/w/.kiro/steering/release.md' },
      { group: 'included', label: 'api', description: 'fileMatch', detail: 'fileMatch: src/api/orders.ts ~ src/api/**/*.ts (task)', file: '/w/.kiro/steering/api.md' },
      { group: 'available', label: 'ui', description: 'fileMatch', detail: 'when the agent touches a file matching src/ui/**', file: '/w/.kiro/steering/ui.md' },
      { group: 'available', label: 'errors', description: 'auto', detail: 'when the agent asks for it: Error handling patterns', file: '/w/.kiro/steering/errors.md' },
      { group: 'available', label: 'test/AGENTS.md', description: 'always', detail: 'when the agent works on a file under test/', file: '/w/test/AGENTS.md' },
      { group: 'available', label: 'pdf', description: 'skill', detail: 'when the agent asks for the skill', file: '/w/.kiro/skills/pdf/SKILL.md' },
    ]);
  });
});
